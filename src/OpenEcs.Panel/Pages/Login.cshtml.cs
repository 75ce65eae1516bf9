using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenEcs.Client;
using OpenEcs.Panel.Api;
using OpenEcs.Panel.Hosting;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Pages;

/// <summary>
/// Sign in: a plain form POST of <c>username</c> and <c>password</c> (works without scripts) exchanged at the API's
/// <c>POST /login</c> for a token that the session cookie carries, encrypted.
/// </summary>
public sealed class LoginModel(PanelApi api, ApiEndpoint endpoint) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    public string? Error { get; private set; }
    public Uri ApiUrl => api.BaseUrl;

    public IActionResult OnGet() => PanelSession.Of(User) is not null ? LocalRedirect(Target()) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Username) || string.IsNullOrEmpty(Password))
        {
            Error = "Give a username and a password.";
            return Page();
        }
        try
        {
            var login = await api.Anonymous().LoginAsync(Username.Trim(), Password, ct);
            var session = await DescribeAsync(Username.Trim(), login.Token, ct);
            await HttpContext.SignInAsync(PanelSession.Scheme, session.ToPrincipal(),
                new AuthenticationProperties { ExpiresUtc = login.ExpiresAt, IsPersistent = false, AllowRefresh = false });
            return LocalRedirect(Target());
        }
        catch (Exception e) when (PanelProblemFilter.Describe(e, endpoint) is { Status: > 0 } problem)
        {
            // Shown on the form again (a 200: the page itself is fine, and browsers log error statuses as faults).
            Error = problem.Message;
            return Page();
        }
    }

    /// <summary>What this login may do, asked of the API: a group login may not read the account; only the admin lists accounts.</summary>
    private async Task<PanelSession> DescribeAsync(string username, string token, CancellationToken ct)
    {
        var ecs = api.WithToken(token);
        var isGroup = false;
        try
        {
            await ecs.Account.GetAsync(ct);
        }
        catch (EcsForbiddenException)
        {
            isGroup = true;
        }
        bool isAdmin = false, hasEmulator = false;
        if (!isGroup)
        {
            try
            {
                await ecs.Emulator.ListAccountsAsync(ct);
                (isAdmin, hasEmulator) = (true, true);
            }
            catch (EcsForbiddenException)
            {
                hasEmulator = true;
            }
            catch (EcsNotFoundException)
            {
                // The emulator controls are off: nothing for the admin page to drive.
            }
        }
        return new PanelSession(username, token, isGroup, isAdmin, hasEmulator);
    }

    private string Target() => Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/login", StringComparison.OrdinalIgnoreCase) ? ReturnUrl : "/servers";
}
