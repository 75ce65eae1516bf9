using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Groups;

/// <summary>Server groups: create (optionally a login of its own), delete when empty. Servers join one from their page or at creation.</summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<Group> Groups { get; private set; } = [];
    public IReadOnlyDictionary<string, int> Members { get; private set; } = new Dictionary<string, int>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        var groups = Ecs.Groups.ListAsync(ct);
        var servers = Ecs.Servers.ListAsync(ct);
        Groups = await groups;
        Members = (await servers).Where(s => s.Group is not null).GroupBy(s => s.Group!).ToDictionary(g => g.Key, g => g.Count());
    }

    public async Task<IActionResult> OnPostCreateAsync(string? notes, string? password, CancellationToken ct)
    {
        var group = await Ecs.Groups.CreateAsync(notes ?? "", string.IsNullOrEmpty(password) ? null : password, ct);
        return Back($"Group {group.Name} created.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        await Ecs.Groups.DeleteAsync(name, ct);
        return Back($"Group {name} deleted.");
    }
}
