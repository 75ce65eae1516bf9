using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs networks ...`: private networks, and the VLANs of servers on them.</summary>
internal static class NetworksCommands
{
    private static readonly Argument<string> Name = new("NETWORK") { Description = "The network's name, e.g. net000001" };
    private static readonly Argument<string> Server = new("SERVER") { Description = "The server's name, e.g. ec200001" };

    public static EcsCommand Build() => new EcsCommand("networks", "Private networks; servers' VLANs on them", "ecs networks list")
        .Groups(List(), Create(), Delete(), Vlans(), AddVlan(), Pvid(), RemoveVlan());

    private static Option<bool> Wait(string what) => new("--wait") { Description = $"Show the action's progress and return when {what}" };

    private static EcsCommand List() => new EcsCommand("list", "List the account's networks", "ecs networks list")
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var networks = await ecs.Networks.ListAsync(ct);
            s.Show(networks, () =>
            {
                if (networks.Count == 0) { s.Terminal.WriteText("No networks."); return; }
                var table = Views.Table("NAME", "ID", "CREATED");
                foreach (var n in networks) table.Row(n.Name, n.NetworkId, n.CreatedAt);
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand Create() => new EcsCommand("create", "Create a private network", "ecs networks create")
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var network = await ecs.Networks.CreateAsync(ct);
            s.Show(network, () => s.Terminal.WriteText($"Created network {network.Name}."));
        });

    private static EcsCommand Delete() => new EcsCommand("delete", "Delete a network no server uses", "ecs networks delete net000001") { Name }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            await ecs.Networks.DeleteAsync(s.Get(Name)!, ct);
            s.Show(new Done(), CliJsonContext.Default.Done, () => s.Terminal.WriteText($"Deleted network {s.Get(Name)}."));
        });

    private static EcsCommand Vlans() => new EcsCommand("vlans", "List a server's VLANs on a network", "ecs networks vlans ec200001 net000001")
            { Server, Name }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var vlans = await ecs.Networks.ListVlansAsync(s.Get(Server)!, s.Get(Name)!, ct);
            s.Show(vlans, () =>
            {
                if (vlans.Count == 0) { s.Terminal.WriteText($"{s.Get(Server)} has no interface on {s.Get(Name)}."); return; }
                var table = Views.Table("VLAN", "PVID", "STATUS", "MAC");
                foreach (var v in vlans) table.Row(v.VlanId, v.Pvid ? "yes" : "", v.Status, v.MacAddress);
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand AddVlan()
    {
        var vlans = new Argument<string>("VLANS") { Description = "A VLAN id, a range or a list: 10, 1-100, 10,20-30" };
        var pvid = new Option<bool>("--pvid") { Description = "The VLAN (a single one) becomes the interface's PVID" };
        var wait = Wait("the VLANs are made");
        return new EcsCommand("add-vlan", "Add VLANs (the first one adds the interface and reboots the server)",
                "ecs networks add-vlan ec200001 net000001 1 --pvid --wait") { Server, Name, vlans, pvid, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var text = s.Get(vlans)!.Trim();
                var request = int.TryParse(text, out var one) ? new VlanRequest { VlanId = one, Pvid = s.Get(pvid) } : new VlanRequest { Vlans = text, Pvid = s.Get(pvid) ? true : null };
                var change = await ecs.Networks.AddVlansAsync(s.Get(Server)!, s.Get(Name)!, request, ct);
                var action = await s.MaybeWaitAsync(ecs, change.Action, wait, ct);
                s.Show(change, () => s.Terminal.WriteText(action.IsFinished ? $"VLAN {text} added." : $"Adding VLAN {text} (action {action.Id})."));
            });
    }

    private static EcsCommand Pvid()
    {
        var vlan = new Argument<int>("VLAN") { Description = "The VLAN id that becomes the PVID" };
        var wait = Wait("the PVID is set");
        return new EcsCommand("pvid", "Make a VLAN the interface's PVID", "ecs networks pvid ec200001 net000001 10") { Server, Name, vlan, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var change = await ecs.Networks.SetPvidAsync(s.Get(Server)!, s.Get(Name)!, s.Get(vlan), true, ct);
                var action = await s.MaybeWaitAsync(ecs, change.Action, wait, ct);
                s.Show(change, () => s.Terminal.WriteText(action.IsFinished ? $"VLAN {s.Get(vlan)} is the PVID." : $"Setting the PVID (action {action.Id})."));
            });
    }

    private static EcsCommand RemoveVlan()
    {
        var range = new Argument<string>("VLANS") { Description = "A VLAN id or a range: 10, 1-100" };
        var wait = Wait("the VLANs are removed");
        return new EcsCommand("remove-vlan", "Remove VLANs (the last one removes the interface and reboots the server)",
                "ecs networks remove-vlan ec200001 net000001 1-100 --wait") { Server, Name, range, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var text = s.Get(range)!.Trim();
                var bounds = text.Split('-', 2);
                if (!int.TryParse(bounds[0], out var first) || (bounds.Length == 2 && !int.TryParse(bounds[1], out _)))
                    throw new CliException($"'{text}' is not a VLAN id or a range like 10-20");
                int? last = bounds.Length == 2 ? int.Parse(bounds[1], System.Globalization.CultureInfo.InvariantCulture) : null;
                var change = await ecs.Networks.DeleteVlansAsync(s.Get(Server)!, s.Get(Name)!, first, last, ct);
                var action = await s.MaybeWaitAsync(ecs, change.Action, wait, ct);
                s.Show(change, () => s.Terminal.WriteText(action.IsFinished ? $"VLAN {text} removed." : $"Removing VLAN {text} (action {action.Id})."));
            });
    }
}
