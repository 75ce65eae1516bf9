using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>The servers: searched by name or notes, a page at a time, with their power state; the list stays live.</summary>
public sealed class IndexModel : PanelPage
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    public IReadOnlyList<ServerView> Servers { get; private set; } = [];
    public int Total { get; private set; }
    public int Pages { get; private set; }

    public string LiveUrl => $"/servers?handler=live&q={Uri.EscapeDataString(Q ?? "")}&page={PageNumber}";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    /// <summary>The rows' live fields, for the page's script.</summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Json(new { servers = Servers.Select(s => s.Live()) });
    }

    /// <summary>The rows as HTML, when servers came or went.</summary>
    public async Task<IActionResult> OnGetRowsAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Partial("_Rows", Servers);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var all = await Ecs.Servers.ListAsync(ct);
        var matching = all.Where(Matches).OrderByDescending(s => s.CreationDate).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        Total = matching.Count;
        Pages = Math.Max(1, (Total + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Servers = await ServerView.WithPowerAsync(Ecs, matching.Skip((PageNumber - 1) * PageSize).Take(PageSize), ct);
    }

    private bool Matches(Server s) => string.IsNullOrWhiteSpace(Q)
        || s.Name.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase)
        || s.Notes.Contains(Q.Trim(), StringComparison.OrdinalIgnoreCase);
}
