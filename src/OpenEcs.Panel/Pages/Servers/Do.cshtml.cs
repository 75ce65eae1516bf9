using Microsoft.AspNetCore.Mvc;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>
/// One change to a server after a confirmation: power on or off, notes, delete. Without scripts this page asks; with
/// them the same question is a dialog over the page, and its form posts here.
/// </summary>
public sealed class DoModel : PanelPage
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Op { get; set; } = "";
    [BindProperty] public string? Notes { get; set; }

    public string Title => Op switch
    {
        "power-on" => "Power on",
        "power-off" => "Power off",
        "notes" => "Edit notes",
        _ => "Delete",
    };

    public string Question => Op switch
    {
        "power-on" => $"Power on {Name}?",
        "power-off" => $"Power off {Name}? Its programs stop as at a power cut.",
        _ => $"Delete {Name}? Its disk is destroyed; this cannot be undone.",
    };

    public async Task OnGetAsync(CancellationToken ct)
    {
        // Asks the API first: another account's server (or none) is a not-found page, not a question.
        Notes = (await Ecs.Servers.GetAsync(Name, ct)).Notes;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var page = "/servers/" + Uri.EscapeDataString(Name);
        switch (Op)
        {
            case "power-on":
                Flash($"Powering on {Name} (action {(await Ecs.Servers.PowerOnAsync(Name, ct)).Id}).");
                break;
            case "power-off":
                Flash($"Powering off {Name} (action {(await Ecs.Servers.PowerOffAsync(Name, ct)).Id}).");
                break;
            case "notes":
                await Ecs.Servers.UpdateAsync(Name, notes: Notes ?? "", cancellationToken: ct);
                Flash($"Notes of {Name} saved.");
                break;
            default:
                Flash($"Deleting {Name} (action {(await Ecs.Servers.DeleteAsync(Name, ct)).Id}).");
                return Redirect("/servers");
        }
        return Redirect(Url.IsLocalUrl(Request.Query["back"]) ? Request.Query["back"].ToString() : page);
    }
}
