using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Scripts;

/// <summary>One script: its title, text and kind, changed together (the API's PATCH).</summary>
public sealed class EditModel : PanelPage
{
    [BindProperty(SupportsGet = true)] public long Id { get; set; }
    public Script Script { get; private set; } = new();
    public bool IsOwn => ScriptForm.IsOwn(Script, Session);

    public async Task OnGetAsync(CancellationToken ct) => Script = await Ecs.Scripts.GetAsync(Id, ct);

    public async Task<IActionResult> OnPostAsync([FromForm] ScriptForm form, CancellationToken ct)
    {
        var script = await Ecs.Scripts.UpdateAsync(Id, form.ToRequest(), ct);
        Flash($"Script {script.Id} ({script.Title}) saved.");
        return Redirect("/scripts");
    }
}
