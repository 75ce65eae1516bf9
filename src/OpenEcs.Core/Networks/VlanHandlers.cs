using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Networks;

internal static class InterfaceLookup
{
    /// <summary>The interface an action acts on (its resource is <c>{server}-{network}</c>) and its server.</summary>
    public static async Task<(ServerInterface Interface, Server Server)> InterfaceOfAsync(this ActionRun run, CancellationToken ct)
    {
        var resource = run.Action.Resource;
        var cut = resource.LastIndexOf('-');
        var (serverName, networkName) = (resource[..Math.Max(cut, 0)], resource[(cut + 1)..]);
        var iface = await run.Db.ServerInterfaces.IgnoreQueryFilters().Include(i => i.Vlans)
                        .FirstOrDefaultAsync(i => i.ServerName == serverName && i.NetworkName == networkName, ct)
                    ?? throw new HypervisorException($"interface {resource} no longer exists");
        var server = await run.Db.Servers.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == iface.ServerId, ct)
                     ?? throw new HypervisorException($"server {serverName} no longer exists");
        return (iface, server);
    }

    /// <summary>The NICs a server's VM has: its attached interfaces, in the order they were made.</summary>
    /// <remarks>Tracked, so that the change the handler is making (and saves with its action) counts.</remarks>
    public static async Task<IReadOnlyList<VmInterface>> InterfacesOfAsync(EcsDbContext db, long serverId, CancellationToken ct) =>
        (await db.ServerInterfaces.IgnoreQueryFilters().Where(i => i.ServerId == serverId).ToListAsync(ct))
        .Where(i => i.Attached).OrderBy(i => i.Id).Select(i => new VmInterface(i.NetworkName, i.MacAddress)).ToList();

    /// <summary>Gives the VM its new set of NICs (the hypervisor reboots a running one); a server without a VM (failed,
    /// being deleted) has nothing to change.</summary>
    public static async Task ApplyAsync(this ActionRun run, IHypervisor hypervisor, Server server, CancellationToken ct)
    {
        if (server.Status is not (ServerStatus.Booted or ServerStatus.Customizing)) return;
        var nics = await InterfacesOfAsync(run.Db, server.Id, ct);
        await hypervisor.SetInterfacesAsync(server.Name, nics, run.Operation, ct);
    }
}

/// <summary>add_vlan: the interface's first VLAN adds its NIC to the VM (a reboot), later ones are configuration.</summary>
public sealed class AddVlanHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var (iface, server) = await run.InterfaceOfAsync(ct);
        if (!iface.Attached && iface.Vlans.Any(v => v.Status != VlanStatus.Deleting))
        {
            iface.Attached = true;
            await run.ApplyAsync(hypervisor, server, ct);
        }
        foreach (var v in iface.Vlans.Where(v => v.Status == VlanStatus.Creating)) v.Status = VlanStatus.Ok;
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    /// <summary>A VLAN that was not made leaves no row; an interface left without VLANs keeps no NIC it never got.</summary>
    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var (iface, _) = await run.InterfaceOfAsync(ct);
        run.Db.Vlans.RemoveRange(iface.Vlans.Where(v => v.Status == VlanStatus.Creating));
    }
}

/// <summary>update_vlan: the PVID is bookkeeping here (tagging needs 802.1Q on the host, see docs/networks.md).</summary>
public sealed class UpdateVlanHandler(TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var (iface, _) = await run.InterfaceOfAsync(ct);
        foreach (var v in iface.Vlans.Where(v => v.Status == VlanStatus.Updating)) v.Status = VlanStatus.Ok;
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var (iface, _) = await run.InterfaceOfAsync(ct);
        foreach (var v in iface.Vlans.Where(v => v.Status == VlanStatus.Updating)) v.Status = VlanStatus.Ok;
    }
}

/// <summary>delete_vlan: the VLANs go; with the last one the NIC leaves the VM (a reboot).</summary>
public sealed class DeleteVlanHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var (iface, server) = await run.InterfaceOfAsync(ct);
        var gone = iface.Vlans.Where(v => v.Status == VlanStatus.Deleting).ToList();
        if (iface.Attached && iface.Vlans.Count == gone.Count)
        {
            iface.Attached = false;
            await run.ApplyAsync(hypervisor, server, ct);
        }
        run.Db.Vlans.RemoveRange(gone);
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var (iface, _) = await run.InterfaceOfAsync(ct);
        foreach (var v in iface.Vlans.Where(v => v.Status == VlanStatus.Deleting)) v.Status = VlanStatus.Ok;
    }
}
