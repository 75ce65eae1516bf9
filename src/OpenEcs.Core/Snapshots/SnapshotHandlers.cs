using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Templates;

namespace OpenEcs.Core.Snapshots;

internal static class SnapshotLookup
{
    public static async Task<Snapshot> SnapshotOfAsync(this ActionRun run, CancellationToken ct)
    {
        var id = long.Parse(run.Action.Resource, CultureInfo.InvariantCulture);
        return await run.Db.Snapshots.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == id, ct)
               ?? throw new HypervisorException($"snapshot {id} no longer exists");
    }

    public static async Task<Server> ServerOfAsync(this ActionRun run, Snapshot snapshot, CancellationToken ct) =>
        await run.Db.Servers.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == snapshot.ServerId, ct)
        ?? throw new HypervisorException($"server {snapshot.SourceServer} no longer exists");

    public static bool HasBooted(this Server server) => server.Status is ServerStatus.Booted or ServerStatus.Customizing;
}

public sealed class CreateSnapshotHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var snapshot = await run.SnapshotOfAsync(ct);
        if (snapshot.Status == SnapshotStatus.Creating)
        {
            var server = await run.ServerOfAsync(snapshot, ct);
            if (!server.HasBooted())
                throw new HypervisorException($"server {server.Name} is {server.Status}: snapshots are taken of servers that have booted");
            snapshot.ParentId = await ParentAsync(run, snapshot, server, ct);
            snapshot.SizeOnDisk = await hypervisor.CreateSnapshotAsync(server.Name, snapshot.Name, run.Operation, ct);
            snapshot.Status = SnapshotStatus.Created;
            snapshot.ActiveFlag = true;
            snapshot.UpdatedAt = time.GetUtcNow();
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    /// <summary>What the disk descends from: the snapshot restored last, if that came after the newest one taken.</summary>
    private static async Task<long?> ParentAsync(ActionRun run, Snapshot snapshot, Server server, CancellationToken ct)
    {
        var newest = await run.Db.Snapshots.IgnoreQueryFilters()
            .Where(s => s.ServerId == server.Id && s.Id != snapshot.Id && s.Status == SnapshotStatus.Created)
            .OrderByDescending(s => s.Id).Select(s => new { s.Id, s.CreatedAt }).FirstOrDefaultAsync(ct);
        if (server.LastRestoredSnapshotId is { } restored)
        {
            var restoredAt = await run.Db.Actions.IgnoreQueryFilters()
                .Where(a => a.Queue == server.Name && a.Type == ActionType.Rollback && a.Status == ActionStatus.Completed)
                .OrderByDescending(a => a.Id).Select(a => a.CompletedAt).FirstOrDefaultAsync(ct);
            if (newest is null || restoredAt > newest.CreatedAt) return restored;
        }
        return newest?.Id;
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var snapshot = await run.SnapshotOfAsync(ct);
        // Cancelled by its delete: that delete follows and removes whatever was taken.
        if (snapshot.Status != SnapshotStatus.Creating) return;
        // A failed snapshot leaves no row that looks usable.
        var now = time.GetUtcNow();
        snapshot.Status = SnapshotStatus.Deleted;
        snapshot.ActiveFlag = false;
        snapshot.DeletedAt = now;
        snapshot.UpdatedAt = now;
    }
}

/// <summary>Runs once no template is still being captured from the snapshot (those captures keep their source).</summary>
public sealed class DeleteSnapshotHandler(IHypervisor hypervisor, TimeProvider time, WallClock wall) : IActionHandler
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var snapshot = await run.SnapshotOfAsync(ct);
        if (snapshot.Status != SnapshotStatus.Deleted)
        {
            while (await run.Db.Set<Template>().IgnoreQueryFilters()
                       .AnyAsync(t => t.SourceSnapshotId == snapshot.Id && t.Status == TemplateStatus.Creating, ct))
                await Task.Delay(Poll, wall, ct);
            var server = await run.Db.Servers.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == snapshot.ServerId, ct);
            // A deleted server took its disk, and its snapshots with it.
            if (server is not null && server.Status != ServerStatus.Deleted)
                await hypervisor.DeleteSnapshotAsync(server.Name, snapshot.Name, run.Operation, ct);
            if (server?.LastRestoredSnapshotId == snapshot.Id) server.LastRestoredSnapshotId = null;
            var now = time.GetUtcNow();
            snapshot.Status = SnapshotStatus.Deleted;
            snapshot.ActiveFlag = false;
            snapshot.Restoring = false;
            snapshot.DeletedAt ??= now;
            snapshot.UpdatedAt = now;
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var snapshot = await run.SnapshotOfAsync(ct);
        if (snapshot.Status != SnapshotStatus.Deleting) return;
        // Back to what it was: usable if it had been taken, else gone (a create that never finished has nothing).
        var taken = await run.Db.Actions.IgnoreQueryFilters().AnyAsync(a => a.ResourceType == ResourceType.Snapshot
            && a.Resource == run.Action.Resource && a.Type == ActionType.CreateSnapshot && a.Status == ActionStatus.Completed, ct);
        snapshot.Status = taken ? SnapshotStatus.Created : SnapshotStatus.Deleted;
        snapshot.ActiveFlag = taken;
        if (taken) snapshot.DeletedAt = null;
        snapshot.UpdatedAt = time.GetUtcNow();
    }
}

/// <summary>
/// rollback: the server's disk back to the snapshot, the VM stopped and started around it (left off if it was off).
/// The user script does not run again: the hypervisor boots the restored disk without it.
/// </summary>
public sealed class RollbackHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        var snapshot = await FindAsync(run, server, ct)
                       ?? throw new HypervisorException($"snapshot {run.Action.SnapshotId} of {server.Name} no longer exists");
        if (!server.HasBooted())
            throw new HypervisorException($"server {server.Name} is {server.Status}: only a server that has booted can be rolled back");
        if (snapshot.Status != SnapshotStatus.Created)
            throw new HypervisorException($"snapshot {snapshot.Id} is {SnapshotStatus.Label(snapshot.Status)}: only a created snapshot can be restored");
        var start = server.PowerState == PowerState.Running;
        await hypervisor.RollbackAsync(server.Name, snapshot.Name, start, run.Operation, ct);
        server.LastRestoredSnapshotId = snapshot.Id;
        server.PowerState = start ? PowerState.Running : PowerState.Shutoff;
        snapshot.Restoring = false;
        snapshot.UpdatedAt = time.GetUtcNow();
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        if (await FindAsync(run, server, ct) is { } snapshot) snapshot.Restoring = false;
    }

    private static Task<Snapshot?> FindAsync(ActionRun run, Server server, CancellationToken ct) =>
        run.Db.Snapshots.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == run.Action.SnapshotId && s.ServerId == server.Id, ct);
}
