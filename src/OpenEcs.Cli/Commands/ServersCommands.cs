using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;
using Spectre.Console;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs servers ...`.</summary>
internal static class ServersCommands
{
    private static readonly Argument<string> Name = new("NAME") { Description = "The server's name, e.g. ec200001" };

    private static Option<bool> Wait(string what) => new("--wait") { Description = $"Show the action's progress and return when {what}" };

    public static EcsCommand Build() => new EcsCommand("servers", "Cloud servers: create, list, power, metrics, delete", "ecs servers list")
        .Groups(List(), Get(), Create(), Update(), Delete(), Status(), Power("power-on", "Power a server on"), Power("power-off", "Power a server off"),
            ConsoleKey(), ServerConsoleCommand.Build(Name), ServerMetricsCommand.Build(Name), Support(), Reserve(), Isolations());

    private static EcsCommand List() => new EcsCommand("list", "List the account's servers", "ecs servers list\necs servers list -o json | jq -r '.[].name'")
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var servers = await ecs.Servers.ListAsync(ct);
            s.Show(servers, () =>
            {
                if (servers.Count == 0) { s.Terminal.WriteText("No servers."); return; }
                var table = Views.Table("NAME", "STATUS", "PLAN", "LOCATION", "IMAGE", "IPV4", "SSH", "GROUP", "NOTES");
                foreach (var v in servers) table.Row(v.Name, Views.State(v.Status), v.Plan, v.Location, v.So, v.Ipv4, SshPortOf(v), v.Group, v.Notes);
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand Get() => new EcsCommand("get", "Show one server", "ecs servers get ec200001") { Name }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var server = await ecs.Servers.GetAsync(s.Get(Name)!, ct);
            s.Show(server, () => s.Terminal.Write(Describe(server)));
        });

    private static EcsCommand Create()
    {
        var plan = new Option<string>("--plan") { Description = "Plan name (see: ecs plans list)", Required = true };
        var location = new Option<string>("--location") { Description = "Region code (see: ecs regions list)", Required = true };
        var image = new Option<string>("--image") { Description = "Image or template name (see: ecs images list)", Required = true };
        var notes = new Option<string>("--notes") { Description = "Free text kept with the server", DefaultValueFactory = _ => "" };
        var sshKey = new Option<string?>("--ssh-key") { Description = "Label of an SSH key to install (see: ecs sshkeys list)", HelpName = "LABEL" };
        var group = new Option<string?>("--group") { Description = "Put the server in this group", HelpName = "GROUP" };
        var script = new Option<FileInfo?>("--user-customize") { Description = "A script file run once after the first boot", HelpName = "FILE" };
        var libraryScript = new Option<long?>("--script") { Description = "Instead: the id of a library script (see: ecs scripts list)", HelpName = "ID" };
        var support = new Option<string?>("--support") { Description = "Support plan: basic or global (billed per month)", HelpName = "PLAN" };
        var reserved = new Option<string?>("--reserved-plan") { Description = "A reserved period M{months}P{plan}, e.g. M12PECS1 (no delete until it ends)", HelpName = "CODE" };
        var networks = new Option<string[]>("--network") { Description = "Join this private network from the start, VLAN 1 as PVID (repeatable)", HelpName = "NETWORK" };
        var isolate = new Option<string[]>("--isolate-from") { Description = "Keep it on a different host from this server (repeatable)", HelpName = "SERVER" };
        var passwordStdin = new Option<bool>("--password-stdin")
        {
            Description = "Read a password for the image's default user (ecuser) from standard input",
        };
        var wait = Wait("the server has booted");
        return new EcsCommand("create", "Create a server",
                "ecs servers create --plan ECS1 --location it-fr2 --image ubuntu-2404 --notes web-1 --ssh-key laptop --wait")
            { plan, location, image, notes, sshKey, group, script, libraryScript, support, reserved, isolate, networks, passwordStdin, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                UserCustomize? customize = s.Get(script) is { } file ? await ReadScriptAsync(file, ct) : null;
                if (s.Get(libraryScript) is { } id)
                    customize = customize is null ? UserCustomize.FromScript(id) : throw new CliException("give --user-customize or --script, not both", ExitCodes.Usage);
                var password = s.Get(passwordStdin) ? (await CliHost.Current.Stdin.ReadToEndAsync(ct)).TrimEnd('\r', '\n') : null;
                if (password is { Length: 0 }) throw new CliException("--password-stdin read an empty password", ExitCodes.Usage);
                var created = await ecs.Servers.CreateAsync(new CreateServerRequest
                {
                    Plan = s.Get(plan)!, Location = s.Get(location)!, Image = s.Get(image)!, Notes = s.Get(notes) ?? "",
                    SshKey = s.Get(sshKey), Group = s.Get(group), UserCustomize = customize, Password = password, Support = s.Get(support),
                    ReservedPlan = s.Get(reserved), IsolateFrom = s.Get(isolate) is { Length: > 0 } peers ? peers : null,
                    Networks = s.Get(networks) is { Length: > 0 } joined ? joined.Select(n => new NetworkAttachment { Name = n }).ToList() : null,
                }, ct);
                if (s.Get(wait))
                {
                    await ActionProgress.WaitAsync(ecs, s.Terminal, await ecs.Actions.GetAsync(created.ActionId, ct), ct);
                    created = created with { Server = await ecs.Servers.GetAsync(created.Server.Name, ct) };
                }
                var server = created.Server;
                s.Show(created, () => s.Terminal.Out.MarkupLine(server.Status == ServerStatus.Booted
                    ? $"Server [bold]{server.Name}[/] is {Views.StateMarkup(server.Status)}, ipv4 {Markup.Escape(server.Ipv4)}"
                    : $"Creating server [bold]{server.Name}[/] (action {created.ActionId}); follow it with: ecs actions watch {created.ActionId}"));
            });
    }

    private static async Task<string> ReadScriptAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists) throw new CliException($"no such file: {file.FullName}", ExitCodes.Usage);
        return await File.ReadAllTextAsync(file.FullName, ct);
    }

    private static EcsCommand Update()
    {
        var notes = new Option<string?>("--notes") { Description = "New notes" };
        var group = new Option<string?>("--group") { Description = "Move into this group; 'nogroup' takes the server out", HelpName = "GROUP" };
        return new EcsCommand("update", "Change a server's notes or group", "ecs servers update ec200001 --notes web-2 --group nogroup")
            { Name, notes, group }
            .Runs(async (s, ct) =>
            {
                if (s.Get(notes) is null && s.Get(group) is null) throw new CliException("give --notes and/or --group", ExitCodes.Usage);
                using var ecs = s.Connect();
                await ecs.Servers.UpdateAsync(s.Get(Name)!, s.Get(notes), s.Get(group), ct);
                var server = await ecs.Servers.GetAsync(s.Get(Name)!, ct);
                s.Show(server, () => s.Terminal.WriteText($"Updated {server.Name}."));
            });
    }

    private static EcsCommand Delete()
    {
        var wait = Wait("the server is deleted");
        return new EcsCommand("delete", "Delete a server", "ecs servers delete ec200001 --wait") { Name, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var action = await s.MaybeWaitAsync(ecs, await ecs.Servers.DeleteAsync(s.Get(Name)!, ct), wait, ct);
                s.Show(action, () => s.Terminal.WriteText(action.IsFinished
                    ? $"Deleted {action.Resource}."
                    : $"Deleting {action.Resource} (action {action.Id}); follow it with: ecs actions watch {action.Id}"));
            });
    }

    private static EcsCommand Status() => new EcsCommand("status", "Show whether a server is RUNNING or SHUTOFF", "ecs servers status ec200001") { Name }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var status = await ecs.Servers.GetStatusAsync(s.Get(Name)!, ct);
            s.Show(status, () => s.Terminal.Write(Views.Details(("Name", status.Name), ("Power", Views.State(status.CurrentStatus)))));
        });

    private static EcsCommand Power(string verb, string description)
    {
        var wait = Wait("the server is " + (verb == "power-on" ? "on" : "off"));
        return new EcsCommand(verb, description, $"ecs servers {verb} ec200001 --wait") { Name, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var name = s.Get(Name)!;
                var started = verb == "power-on" ? await ecs.Servers.PowerOnAsync(name, ct) : await ecs.Servers.PowerOffAsync(name, ct);
                var action = await s.MaybeWaitAsync(ecs, started, wait, ct);
                if (!action.IsFinished)
                {
                    s.Show(action, () => s.Terminal.WriteText($"{action.Type} of {name} started (action {action.Id})."));
                    return;
                }
                var power = await ecs.Servers.GetStatusAsync(name, ct);
                s.Show(action, () => s.Terminal.Out.MarkupLine($"[bold]{Markup.Escape(name)}[/] is {Views.StateMarkup(power.CurrentStatus)}"));
            });
    }

    private static EcsCommand ConsoleKey() => new EcsCommand("console-key", "Get a one-time key to the server's serial console", "ecs servers console-key ec200001")
        { Name }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var access = await ecs.Servers.RequestConsoleAsync(s.Get(Name)!, ct);
            s.Show(access, () => s.Terminal.Write(Views.Details(
                ("Console key", access.ConsoleKey), ("Websocket", access.ConsoleUrl), ("Valid", "once, for a short while (60 s on OpenECS)"))));
        });

    private static EcsCommand Support()
    {
        var code = new Argument<string>("PLAN") { Description = "basic, global, or unmanaged (none)" };
        return new EcsCommand("support", "Set, change or remove a server's support plan", "ecs servers support ec200001 global") { Name, code }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var name = s.Get(Name)!;
                if (string.Equals(s.Get(code), "unmanaged", StringComparison.OrdinalIgnoreCase)) await ecs.Servers.RemoveSupportAsync(name, ct);
                else await ecs.Servers.SetSupportAsync(name, s.Get(code)!, ct);
                var server = await ecs.Servers.GetAsync(name, ct);
                s.Show(server, () => s.Terminal.WriteText(server.Support is { } sup ? $"{name} has {sup.SupportTitle} support." : $"{name} is unmanaged."));
            });
    }

    private static EcsCommand Reserve()
    {
        var code = new Argument<string>("CODE") { Description = "M{months}P{plan}, e.g. M12PECS1 (months: 3, 6, 12 or 24)" };
        return new EcsCommand("reserve", "Buy a reserved period: discounted hours, and no delete until it ends", "ecs servers reserve ec200001 M12PECS1")
            { Name, code }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var r = await ecs.Servers.ReserveAsync(s.Get(Name)!, s.Get(code)!, ct);
                s.Show(r, () => s.Terminal.WriteText(
                    $"{r.Server} reserved for {r.ReservedMonths} months at {r.Discount}% off, {Views.Time(r.StartDate)} to {Views.Time(r.EndDate)}."));
            });
    }

    private static EcsCommand Isolations() => new EcsCommand("isolations", "The servers this one is kept on different hosts from", "ecs servers isolations ec200001")
        { Name }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var peers = await ecs.Servers.GetIsolationsAsync(s.Get(Name)!, ct);
            s.Show(peers, () =>
            {
                if (peers.Count == 0) { s.Terminal.WriteText("No isolations."); return; }
                var table = Views.Table("NAME", "NOTES");
                foreach (var p in peers) table.Row(p.Name, p.Notes);
                s.Terminal.Write(table);
            });
        });

    /// <summary>The forwarded port where OpenECS gives one (QEMU user networking), else 22 once the server has an address.</summary>
    private static string SshPortOf(Server v) => v.SshPort?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? (v.Ipv4.Length > 0 ? "22" : "");

    public static Grid Describe(Server v) => Views.Details(
        ("Name", v.Name), ("Status", Views.State(v.Status)), ("Progress", Views.Percent(v.Progress)), ("Plan", v.Plan),
        ("Size", $"{v.PlanSize.Core} vCPU, {v.PlanSize.Ram} MB RAM, {v.PlanSize.Disk} GB disk" + (v.PlanSize.Gpu > 0 ? $", {v.PlanSize.Gpu} GPU {v.PlanSize.GpuLabel}" : "")),
        ("Location", $"{v.Location} ({v.LocationLabel})"), ("Image", $"{v.So} ({v.SoLabel})"), ("IPv4", v.Ipv4), ("SSH port", SshPortOf(v)), ("IPv6", v.Ipv6),
        ("Group", v.Group), ("Notes", v.Notes), ("Created", v.CreationDate), ("User", v.User),
        ("Support", v.Support?.SupportTitle ?? "unmanaged"), ("Reserved until", v.IsReserved ? v.ReservedUntil : ""));
}
