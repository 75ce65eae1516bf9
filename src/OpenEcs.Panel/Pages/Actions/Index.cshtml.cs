using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Actions;

/// <summary>The account's actions a page at a time (the API's start and length), filtered by resource.</summary>
public sealed class IndexModel : PanelPage
{
    [BindProperty(SupportsGet = true)] public int Start { get; set; }
    [BindProperty(SupportsGet = true)] public string? Resource { get; set; }
    public int Length => 25;
    public IReadOnlyList<EcsAction> Actions { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Start = Math.Max(0, Start);
        var page = await Ecs.Actions.ListAsync(Start, Length, string.IsNullOrWhiteSpace(Resource) ? null : Resource.Trim(), ct);
        (Actions, Total) = (page.Actions, page.TotalActions);
    }

    public Pager Pager => new(Start, Length, Actions.Count, Total, Pager.UrlOf("/actions", "resource", Resource));
}
