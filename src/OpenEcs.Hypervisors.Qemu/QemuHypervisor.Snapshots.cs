using System.Text.Json.Nodes;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// Snapshots are qcow2 internal snapshots of the VM's overlay (docs/architecture.md says why): taken by QMP in a
/// transaction while the VM runs (QEMU drains and flushes the disk for it: crash-consistent, like a power cut) and by
/// qemu-img while it is off; restored by qemu-img with the VM stopped. The snapshot's name is the store's
/// (<c>ec2NNNNN-SNP-n</c>), so every operation can tell whether it already happened and run again after a crash.
/// </summary>
public sealed partial class QemuHypervisor
{
    private const string Disk = "disk0";
    private static readonly TimeSpan SnapshotQmpTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan DiskCopyLimit = TimeSpan.FromHours(2);

    public async Task<long?> CreateSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        var vm = DiskOf(name);
        if (!(await DiskInfoAsync(vm, ct)).Snapshots.Contains(snapshot))
        {
            await op.ReportProgress(20, ct);
            await TakeInternalSnapshotAsync(vm, snapshot, ct);
        }
        await op.ReportProgress(90, ct);
        return (await DiskInfoAsync(vm, ct)).ActualSize;
    }

    public async Task DeleteSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        var vm = Folder(name);
        if (!File.Exists(vm.Overlay)) return; // the disk is gone, and its snapshots with it
        if ((await DiskInfoAsync(vm, ct)).Snapshots.Contains(snapshot)) await DropInternalSnapshotAsync(vm, snapshot, ct);
        await op.ReportProgress(90, ct);
    }

    public async Task RollbackAsync(string name, string snapshot, bool start, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync(name, ct);
        var vm = DiskOf(name);
        if (!(await DiskInfoAsync(vm, ct)).Snapshots.Contains(snapshot))
            throw new HypervisorException($"snapshot {snapshot} is not on the disk of {name}");
        var launch = VmLaunch.Read(vm) ?? throw new HypervisorException($"server {name} has no VM on this host");
        var image = images.Find(launch.Image) ?? throw new HypervisorException($"image {launch.Image} is no longer in the images folder");
        // What the disk holds now is thrown away: no clean shutdown to wait for.
        await ShutdownAsync(vm, TimeSpan.Zero, Quiet(op), ct);
        await op.ReportProgress(20, ct);
        await RunAsync(Tools.Find(O.ImgBinary)!, ["snapshot", "-a", snapshot, vm.Overlay], "restoring the snapshot", ct, DiskCopyLimit);
        await op.ReportProgress(30, ct);
        await EndScriptTurnAsync(vm, image, "the server was rolled back before its user script reported its end", ct);
        if (start) await BootAsync(vm, launch, image, op, ct);
        await op.ReportProgress(95, ct);
    }

    private VmFolder DiskOf(string name)
    {
        var vm = Folder(name);
        return File.Exists(vm.Overlay) ? vm : throw new HypervisorException($"server {name} has no disk on this host");
    }

    private async Task TakeInternalSnapshotAsync(VmFolder vm, string snapshot, CancellationToken ct)
    {
        if (vm.LivePid() is null)
        {
            await RunAsync(Tools.Find(O.ImgBinary)!, ["snapshot", "-c", snapshot, vm.Overlay], "taking the snapshot", ct, DiskCopyLimit);
            return;
        }
        await using var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct);
        var action = new JsonObject
        {
            ["type"] = "blockdev-snapshot-internal-sync",
            ["data"] = new JsonObject { ["device"] = Disk, ["name"] = snapshot },
        };
        await qmp.ExecuteAsync("transaction", new JsonObject { ["actions"] = new JsonArray(action) }, ct, SnapshotQmpTimeout);
    }

    private async Task DropInternalSnapshotAsync(VmFolder vm, string snapshot, CancellationToken ct)
    {
        if (vm.LivePid() is null)
        {
            await RunAsync(Tools.Find(O.ImgBinary)!, ["snapshot", "-d", snapshot, vm.Overlay], "deleting the snapshot", ct, DiskCopyLimit);
            return;
        }
        await using var qmp = await QmpClient.ConnectAsync(vm.Qmp, ct);
        await qmp.ExecuteAsync("blockdev-snapshot-delete-internal-sync", new JsonObject { ["device"] = Disk, ["name"] = snapshot }, ct, SnapshotQmpTimeout);
    }

    private sealed record DiskInfo(HashSet<string> Snapshots, long? ActualSize, long VirtualSize);

    /// <summary>qemu-img info, shared with a running QEMU (-U): the snapshot table and sizes only, which our lock keeps still.</summary>
    private async Task<DiskInfo> DiskInfoAsync(VmFolder vm, CancellationToken ct) => DiskInfoOf(await RunAsync(
        Tools.Find(O.ImgBinary)!, ["info", "-U", "--output=json", vm.Overlay], "reading the disk", ct));

    private static DiskInfo DiskInfoOf(string json)
    {
        var info = JsonNode.Parse(json) as JsonObject ?? throw new HypervisorException("qemu-img info printed no object");
        var names = (info["snapshots"] as JsonArray ?? new JsonArray()).Select(s => s?["name"]?.GetValue<string>()).OfType<string>();
        return new DiskInfo(names.ToHashSet(StringComparer.Ordinal), info["actual-size"]?.GetValue<long>(),
            info["virtual-size"]?.GetValue<long>() ?? 0);
    }
}
