using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

/// <summary>
/// Claims on in-progress actions, so that each runs on one replica at a time: a claim is a lease (owner + expiry)
/// kept alive by heartbeats. A replica that dies stops beating, its leases run out and another replica takes them.
/// Leases use the wall clock, which all replicas share (the simulator's clock may be a manual one).
/// </summary>
public static class ActionClaims
{
    public static async Task<List<long>> ClaimAsync(EcsDbContext db, string owner, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken ct)
    {
        var until = now + lease;
        if (db.IsSqlite)
        {
            // One writer at a time in SQLite: the UPDATE is atomic without row locks. Values as stored (UTC ticks).
            return await db.Database.SqlQuery<long>($"""
                UPDATE "Actions" SET "LeaseOwner" = {owner}, "LeaseUntil" = {until.UtcTicks}
                WHERE "Id" IN (SELECT "Id" FROM "Actions" WHERE "Status" = 'in-progress'
                               AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now.UtcTicks}) ORDER BY "Id" LIMIT {limit})
                RETURNING "Id" AS "Value"
                """).ToListAsync(ct);
        }
        // SKIP LOCKED: replicas claiming at the same moment take different rows instead of waiting on each other.
        return await db.Database.SqlQuery<long>($"""
            UPDATE "Actions" SET "LeaseOwner" = {owner}, "LeaseUntil" = {until}
            WHERE "Id" IN (SELECT "Id" FROM "Actions" WHERE "Status" = 'in-progress'
                           AND ("LeaseUntil" IS NULL OR "LeaseUntil" < {now}) ORDER BY "Id" LIMIT {limit}
                           FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct);
    }

    /// <summary>Extends the leases of the actions this replica is running right now.</summary>
    public static Task<int> HeartbeatAsync(EcsDbContext db, string owner, IReadOnlyCollection<long> running, DateTimeOffset until, CancellationToken ct) =>
        running.Count == 0
            ? Task.FromResult(0)
            : db.Actions.IgnoreQueryFilters()
                .Where(a => a.LeaseOwner == owner && a.Status == ActionStatus.InProgress && running.Contains(a.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LeaseUntil, until), ct);

    /// <summary>SQLite serves one process: leases left by a previous run of it (killed) are void at once.</summary>
    public static Task<int> ReleaseAllAsync(EcsDbContext db, CancellationToken ct) =>
        db.Actions.IgnoreQueryFilters().Where(a => a.Status == ActionStatus.InProgress && a.LeaseOwner != null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.LeaseOwner, (string?)null).SetProperty(a => a.LeaseUntil, (DateTimeOffset?)null), ct);

    /// <summary>Takes or renews a cluster-wide job; true when this replica holds it.</summary>
    public static async Task<bool> LeadAsync(EcsDbContext db, string job, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        await db.ClusterLeases.Where(l => l.Name == job && (l.Owner == owner || l.Until < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Owner, owner).SetProperty(l => l.Until, now + lease), ct) == 1;
}

/// <summary>This process's name in leases.</summary>
public sealed class ReplicaIdentity
{
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
