using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

public sealed partial class QemuHypervisor
{
    private LaunchInterface[] LaunchInterfacesOf(string server, IEnumerable<VmInterface> nics) =>
        nics.Select(n => PrivateNetworks.For(VmsRoot, server, n)).ToArray();

    /// <summary>
    /// The VM's private NICs become <paramref name="interfaces"/>: kept in its launch, the taps of removed ones
    /// deleted, and a running VM restarted to take them (QEMU's hot-plug would do without, the docs' reboot is what
    /// guests and clients expect).
    /// </summary>
    public async Task SetInterfacesAsync(string name, IReadOnlyList<VmInterface> interfaces, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        var vm = Folder(name);
        var launch = VmLaunch.Read(vm) ?? throw new HypervisorException($"server {name} has no VM on this host");
        var wanted = LaunchInterfacesOf(name, interfaces);
        if (launch.Interfaces.SequenceEqual(wanted)) return;
        var running = vm.LivePid() is not null;
        if (running)
        {
            await op.ReportMessage("rebooting the server for its new interface set", ct);
            await ShutdownAsync(vm, O.ShutdownGrace, op, ct);
        }
        foreach (var gone in launch.Interfaces.Except(wanted)) await PrivateNetworks.RemoveAsync(gone, O.Vxlan, ct);
        var changed = launch with { Interfaces = wanted };
        changed.Write(vm);
        if (!running) return;
        var image = images.Find(changed.Image) ?? throw new HypervisorException($"image {changed.Image} is no longer in the images folder");
        await EndScriptTurnAsync(vm, image, "the server was rebooted for a new interface before its user script reported its end", ct);
        await BootAsync(vm, changed, image, op, ct);
        await op.ReportProgress(90, ct);
    }

    private async Task EnsureInterfacesAsync(VmLaunch launch, CancellationToken ct)
    {
        foreach (var nic in launch.Interfaces) await PrivateNetworks.EnsureAsync(nic, O.Vxlan, ct);
    }

    private async Task RemoveInterfacesAsync(VmLaunch? launch, CancellationToken ct)
    {
        foreach (var nic in launch?.Interfaces ?? []) await PrivateNetworks.RemoveAsync(nic, O.Vxlan, ct);
    }
}
