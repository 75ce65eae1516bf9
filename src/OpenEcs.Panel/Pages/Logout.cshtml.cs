using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Pages;

/// <summary>Sign out (a POST with the antiforgery token, so that no other site can sign a user out).</summary>
public sealed class LogoutModel : PageModel
{
    public IActionResult OnGet() => Redirect("/servers");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(PanelSession.Scheme);
        return Redirect("/login");
    }
}
