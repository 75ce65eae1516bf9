using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Tokens;

/// <summary>API tokens: a new one is shown once, in the answer to its form (never stored, never in a URL or cookie).</summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];
    public ApiKeyCreated? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = await Ecs.ApiKeys.ListAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(string? notes, CancellationToken ct)
    {
        Created = await Ecs.ApiKeys.CreateAsync(notes ?? "", ct);
        Keys = await Ecs.ApiKeys.ListAsync(ct);
        // Not cached anywhere on the way back.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, string? notes, CancellationToken ct)
    {
        await Ecs.ApiKeys.UpdateAsync(id, notes ?? "", ct);
        return Back($"Token {id} saved.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        await Ecs.ApiKeys.DeleteAsync(id, ct);
        return Back($"Token {id} revoked.");
    }
}
