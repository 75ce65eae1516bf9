using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OpenEcs.Panel.Pages;

public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("/servers");
}
