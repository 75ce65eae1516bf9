using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Snapshots;

/// <summary>A server's snapshots and rollbacks. Group logins manage their servers' power only: snapshots are the account's.</summary>
public sealed class SnapshotService(
    EcsDbContext db, ITenantAccessor tenants, ActionStarter actions, TimeProvider time, IOptions<OpenEcsOptions> options)
{
    private IQueryable<Snapshot> Live(long serverId) =>
        db.Snapshots.Include(s => s.Parent).Where(s => s.ServerId == serverId && s.Status != SnapshotStatus.Deleted);

    public async Task<(Server Server, List<Snapshot> Snapshots)> ListAsync(string serverName, CancellationToken ct)
    {
        var server = await ServerAsync(serverName, ct);
        return (server, await Live(server.Id).AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct));
    }

    public async Task<(Server Server, Snapshot Snapshot)> GetAsync(string serverName, long id, CancellationToken ct)
    {
        var server = await ServerAsync(serverName, ct);
        return (server, await FindAsync(server, id, ct));
    }

    /// <summary>
    /// Queued behind the server's earlier actions (a snapshot of a server still booting is taken once it has booted).
    /// Snapshots taken by hand are protected unless told otherwise, as the docs show them.
    /// </summary>
    public async Task<(Server Server, Snapshot Snapshot, EcsAction Action)> CreateAsync(
        string serverName, string? description, string? notes, bool? isProtected, CancellationToken ct)
    {
        var server = await ServerAsync(serverName, ct);
        var (snapshot, action) = await StartAsync(server, description ?? "", notes ?? "", isProtected ?? true, scheduledFor: null, ct);
        return (server, snapshot, action);
    }

    /// <summary>A periodic schedule's snapshot of one occurrence: unprotected, keyed by the occurrence (a repeat fails on the key).</summary>
    public async Task<Snapshot> CreateScheduledAsync(string serverName, DateTimeOffset occurrence, CancellationToken ct)
    {
        var server = await ServerAsync(serverName, ct);
        var description = "periodic snapshot - " + occurrence.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        return (await StartAsync(server, description, "", isProtected: false, occurrence, ct)).Snapshot;
    }

    /// <summary>Description, notes and protection are the user's own fields: one statement, outside the concurrency token.</summary>
    public async Task<(Server Server, Snapshot Snapshot)> UpdateAsync(
        string serverName, long id, string? description, string? notes, bool? isProtected, CancellationToken ct)
    {
        if (description is null && notes is null && isProtected is null)
            throw EcsException.BadRequest("nothing to update: give description, notes or protected");
        var (server, snapshot) = await GetAsync(serverName, id, ct);
        var now = time.GetUtcNow();
        await db.Snapshots.Where(s => s.Id == snapshot.Id).ExecuteUpdateAsync(u =>
        {
            if (description is not null) u.SetProperty(s => s.Description, description);
            if (notes is not null) u.SetProperty(s => s.Notes, notes);
            if (isProtected is { } p) u.SetProperty(s => s.Protected, p);
            u.SetProperty(s => s.UpdatedAt, now);
        }, ct);
        return (server, await Live(server.Id).AsNoTracking().FirstAsync(s => s.Id == snapshot.Id, ct));
    }

    /// <summary>Accepted in every state: a snapshot still being taken has its create cancelled.</summary>
    public async Task<(Server Server, Snapshot Snapshot, EcsAction Action)> DeleteAsync(string serverName, long id, CancellationToken ct)
    {
        var server = await ServerAsync(serverName, ct);
        Snapshot? deleted = null;
        var action = await actions.DeleteAsync(async c => deleted = await FindAsync(server, id, c), MarkDeleting, ct);
        return (server, deleted!, action);
    }

    /// <summary>The deletes that retention and server deletion start: the same transition as a user's delete.</summary>
    internal void MarkDeleting(Snapshot s)
    {
        var now = time.GetUtcNow();
        s.Status = SnapshotStatus.Deleting;
        s.ActiveFlag = false;
        s.DeletedAt ??= now;
        s.UpdatedAt = now;
    }

    /// <summary>
    /// POST /servers/{name}/actions {"type":"rollback","snapshot":ID}: queued behind the server's earlier actions,
    /// on a snapshot of this server only (another server's snapshot is unknown here).
    /// </summary>
    public Task<EcsAction> RollbackAsync(string serverName, long? snapshotId, CancellationToken ct)
    {
        if (snapshotId is not { } id) throw EcsException.BadRequest("snapshot is required for a rollback: the id of one of the server's snapshots");
        return actions.EnqueueAsync(async c =>
        {
            var server = await ServerAsync(serverName, c, tracked: true);
            var snapshot = await FindAsync(server, id, c);
            if (snapshot.Status == SnapshotStatus.Deleting)
                throw EcsException.Conflict($"snapshot {id} is being deleted: it can no longer be restored");
            snapshot.Restoring = true;
            snapshot.UpdatedAt = time.GetUtcNow();
            return server;
        }, ActionType.Rollback, ct, snapshot: id);
    }

    private async Task<(Snapshot Snapshot, EcsAction Action)> StartAsync(
        Server server, string description, string notes, bool isProtected, DateTimeOffset? scheduledFor, CancellationToken ct)
    {
        if (server.Status is ServerStatus.Deleting or ServerStatus.Failed)
            throw EcsException.Conflict($"server {server.Name} is {server.Status}: snapshots are taken of servers that have booted");
        var limit = options.Value.Limits.MaxSnapshotsPerServer;
        var tenant = tenants.Require();
        return await actions.CreateAsync(async c => new Snapshot
        {
            Id = await NameAllocator.NextValueAsync(db, SnapshotStore.IdCounter, c),
            Name = $"{server.Name}-SNP-{await NameAllocator.NextValueAsync(db, SnapshotStore.NumberCounter(server.Name), c)}",
            AccountId = server.AccountId,
            Username = tenant.Username,
            ServerId = server.Id,
            SourceServer = server.Name,
            Protected = isProtected,
            Status = SnapshotStatus.Creating,
            Uid = Guid.NewGuid(),
            Description = description,
            Notes = notes,
            CreatedAt = time.GetUtcNow(),
            UpdatedAt = time.GetUtcNow(),
            ScheduledFor = scheduledFor,
        }, ActionType.CreateSnapshot, ct, admit: async c =>
        {
            if (await db.Snapshots.CountAsync(s => s.ServerId == server.Id
                    && (s.Status == SnapshotStatus.Creating || s.Status == SnapshotStatus.Created), c) >= limit)
                throw EcsException.Forbidden($"snapshot limit reached: a server holds at most {limit} snapshots (delete one first)");
        });
    }

    private async Task<Server> ServerAsync(string name, CancellationToken ct, bool tracked = false)
    {
        tenants.RequireFullAccount();
        var servers = tracked ? db.Servers : db.Servers.AsNoTracking();
        return await servers.FirstOrDefaultAsync(s => s.Name == name && s.Status != ServerStatus.Deleted, ct)
               ?? throw EcsException.NotFound("server", name);
    }

    private async Task<Snapshot> FindAsync(Server server, long id, CancellationToken ct) =>
        await Live(server.Id).FirstOrDefaultAsync(s => s.Id == id, ct)
        ?? throw EcsException.NotFound("snapshot", id.ToString(CultureInfo.InvariantCulture));
}
