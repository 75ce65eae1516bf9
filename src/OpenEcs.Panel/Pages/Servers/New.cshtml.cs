using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>
/// The create wizard: plan, region (where the plan is offered), image (basic, cloud, own templates), access (SSH key
/// or password), cloud script with its environment, group and notes, then a summary with the price. One form: it
/// works as a single page without scripts; with them it is a step at a time.
/// </summary>
public sealed class NewModel : PanelPage
{
    [BindProperty] public string? Plan { get; set; }
    [BindProperty] public string? Location { get; set; }
    [BindProperty] public string? Image { get; set; }
    [BindProperty] public string Access { get; set; } = "password";
    [BindProperty] public string? SshKey { get; set; }
    [BindProperty] public string? RootPassword { get; set; }
    [BindProperty] public long? ScriptId { get; set; }
    [BindProperty] public string? Script { get; set; }
    [BindProperty] public string? ScriptEnv { get; set; }
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public string? Notes { get; set; }

    public IReadOnlyList<Plan> Plans { get; private set; } = [];
    public IReadOnlyList<Region> Regions { get; private set; } = [];
    public IReadOnlyList<Image> BasicImages { get; private set; } = [];
    public IReadOnlyList<Image> CloudImages { get; private set; } = [];
    public IReadOnlyList<Template> Templates { get; private set; } = [];
    public IReadOnlyList<SshKey> SshKeys { get; private set; } = [];
    public IReadOnlyList<Group> Groups { get; private set; } = [];
    public IReadOnlyList<Script> Scripts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        Plan ??= Plans.FirstOrDefault(p => p.Available)?.Name;
        Location ??= Plans.FirstOrDefault(p => p.Name == Plan)?.AvailableRegions.FirstOrDefault()?.Location;
        Image ??= BasicImages.FirstOrDefault(i => i.Name.StartsWith("ubuntu", StringComparison.Ordinal))?.Name ?? BasicImages.FirstOrDefault()?.Name;
    }

    /// <summary>
    /// The API takes environment lines with a library script only (as the real service does): for a script typed here,
    /// the panel sets them at its top, after the #! line.
    /// </summary>
    private string? InlineScript()
    {
        if (string.IsNullOrWhiteSpace(Script)) return null;
        var script = Script.ReplaceLineEndings("\n");
        if (EnvLines() is not { } lines) return script;
        var env = lines + "\n";
        if (!script.StartsWith("#!", StringComparison.Ordinal)) return "#!/bin/sh\n" + env + script;
        var firstLine = script.IndexOf('\n') is var n and >= 0 ? n + 1 : script.Length;
        return script[..firstLine] + (firstLine == script.Length ? "\n" : "") + env + script[firstLine..];
    }

    /// <summary>The environment's non-empty lines, trimmed, or null for none.</summary>
    private string? EnvLines() => string.IsNullOrWhiteSpace(ScriptEnv)
        ? null
        : string.Join("\n", ScriptEnv.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ScriptId is not null && !string.IsNullOrWhiteSpace(Script))
        {
            await LoadAsync(ct);
            ShowError("Choose a script of the library or type one, not both.");
            return Page();
        }
        if (string.IsNullOrEmpty(Plan) || string.IsNullOrEmpty(Location) || string.IsNullOrEmpty(Image))
        {
            await LoadAsync(ct);
            ShowError("Choose a plan, a region and an image.");
            return Page();
        }
        var request = new CreateServerRequest
        {
            Plan = Plan, Location = Location, Image = Image, Notes = Notes ?? "",
            SshKey = Access == "sshkey" && !string.IsNullOrEmpty(SshKey) ? SshKey : null,
            Password = Access == "password" && !string.IsNullOrEmpty(RootPassword) ? RootPassword : null,
            // A library script takes its environment as the API's user_customize_env; a typed one carries it inside.
            UserCustomize = ScriptId is { } id ? UserCustomize.FromScript(id) : InlineScript(),
            UserCustomizeEnv = ScriptId is null ? null : EnvLines(),
            Group = string.IsNullOrEmpty(Group) ? null : Group,
        };
        try
        {
            var created = await Ecs.Servers.CreateAsync(request, ct);
            Flash($"Creating {created.Server.Name} (action {created.ActionId}).");
            return Redirect("/servers/" + Uri.EscapeDataString(created.Server.Name));
        }
        catch (EcsApiException e) when (e is not EcsUnauthorizedException)
        {
            // Shown over the form with everything the user chose still in it.
            await LoadAsync(ct);
            ShowError(e.Message);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var plans = Ecs.Plans.ListAsync(ct);
        var regions = Ecs.Regions.ListAsync(ct);
        var basic = Ecs.Images.ListBasicAsync(ct);
        var cloud = Ecs.Images.ListCloudAsync(ct);
        Plans = (await plans).OrderBy(p => p.HourlyPrice).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        Regions = await regions;
        BasicImages = await basic;
        CloudImages = await cloud;
        if (Session.IsAccount)
        {
            // A group login may not read these: it creates without them.
            Templates = (await Ecs.Templates.ListAsync(ct)).Where(t => t.ActiveFlag).ToList();
            SshKeys = await Ecs.SshKeys.ListAsync(ct);
            Groups = await Ecs.Groups.ListAsync(ct);
            Scripts = await Ecs.Scripts.ListAsync(ct);
        }
    }
}
