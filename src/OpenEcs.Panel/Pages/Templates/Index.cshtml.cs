using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Templates;

/// <summary>The account's templates: notes and description, delete.</summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<Template> Templates { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Templates = await Ecs.Templates.ListAsync(ct);

    public async Task<IActionResult> OnPostUpdateAsync(string name, string? notes, string? description, CancellationToken ct)
    {
        await Ecs.Templates.UpdateAsync(name, notes ?? "", description ?? "", ct);
        return Back($"Template {name} saved.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        var action = await Ecs.Templates.DeleteAsync(name, ct);
        return Back($"Deleting template {name} (action {action.Id}).");
    }
}
