using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Scripts;

/// <summary>The cloud-script library: the account's scripts (add, delete) and the public ones.</summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<Script> Scripts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Scripts = await Ecs.Scripts.ListAsync(ct);

    /// <summary>The account's own scripts are changed here; public ones of others are only read.</summary>
    public bool IsOwn(Script script) => ScriptForm.IsOwn(script, Session);

    public async Task<IActionResult> OnPostCreateAsync([FromForm] ScriptForm form, CancellationToken ct)
    {
        var script = await Ecs.Scripts.CreateAsync(form.ToRequest(), ct);
        return Back($"Script {script.Id} ({script.Title}) added.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        var script = await Ecs.Scripts.DeleteAsync(id, ct);
        return Back($"Script {script.Id} ({script.Title}) deleted.");
    }
}
