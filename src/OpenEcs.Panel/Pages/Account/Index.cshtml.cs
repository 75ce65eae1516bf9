using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client;

namespace OpenEcs.Panel.Pages.Account;

/// <summary>The account, and its password (changed only with the current one).</summary>
public sealed class IndexModel : PanelPage
{
    public OpenEcs.Client.Models.Account Account { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Account = await Ecs.Account.GetAsync(ct);

    public async Task<IActionResult> OnPostPasswordAsync(string? current, string? password, string? repeat, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(password)) return Refuse("Give the current password and a new one.");
        if (password != repeat) return Refuse("The new password and its repetition differ.");
        try
        {
            await Ecs.Account.ChangePasswordAsync(current, password, ct);
        }
        catch (EcsUnauthorizedException)
        {
            // The check of the current password failed, not the session.
            return Refuse("The current password is wrong.");
        }
        return Back("Password changed.");
    }
}
