using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Logs;

/// <summary>The account's audit log a page at a time (the API's start and length), filtered by target.</summary>
public sealed class IndexModel : PanelPage
{
    [BindProperty(SupportsGet = true)] public int Start { get; set; }
    [BindProperty(SupportsGet = true)] public string? Resource { get; set; }
    public int Length => 50;
    public IReadOnlyList<LogEntry> Logs { get; private set; } = [];
    public int Total { get; private set; }
    public Pager Pager => new(Start, Length, Logs.Count, Total, Pager.UrlOf("/logs", "resource", Resource));

    public async Task OnGetAsync(CancellationToken ct)
    {
        Start = Math.Max(0, Start);
        var page = await Ecs.Logs.ListAsync(Start, Length, string.IsNullOrWhiteSpace(Resource) ? null : Resource.Trim(), ct);
        (Logs, Total) = (page.Logs, page.TotalLogs);
    }
}
