using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;

namespace OpenEcs.Storage.Postgres;

public sealed class PostgresDialect : IStoreDialect
{
    public bool SingleProcess => false;

    public void ConfigureConventions(ModelConfigurationBuilder builder) { }

    /// <summary>SKIP LOCKED: replicas claiming at the same moment take different rows instead of waiting on each other.</summary>
    public Task<List<long>> ClaimActionsAsync(EcsDbContext db, string owner, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var handedOver = Core.Actions.ActionHandOff.To(owner);
        return db.Database.SqlQuery<long>($"""
            UPDATE "Actions" SET "LeaseOwner" = {owner}, "LeaseUntil" = {until}
            WHERE "Id" IN (SELECT a."Id" FROM "Actions" a WHERE a."Status" = 'in-progress'
                           AND (a."LeaseUntil" IS NULL OR a."LeaseUntil" < {now} OR a."LeaseOwner" = {handedOver})
                           AND NOT EXISTS (SELECT 1 FROM "Actions" b WHERE b."Queue" = a."Queue"
                                           AND b."Status" = 'in-progress' AND b."Id" < a."Id")
                           ORDER BY a."Id" LIMIT {limit}
                           FOR UPDATE OF a SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct);
    }

    /// <summary>The advisory locks of OpenECS's per-account admissions (first key of the two-key form).</summary>
    private const int AccountLocks = 0x0EC5_0001;

    /// <summary>
    /// READ COMMITTED lets two transactions count the same rows and both insert: a transaction-scoped advisory lock
    /// per account orders them, and the second one's count (a new snapshot per statement) sees the first one's row.
    /// </summary>
    public Task LockAccountAsync(EcsDbContext db, long accountId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AccountLocks}, {unchecked((int)accountId)})", ct);

    /// <summary>FOR UPDATE: a second create of the region waits here until the first commits its server row, then
    /// reads the hosts' load anew (READ COMMITTED takes a new snapshot per statement).</summary>
    public Task LockHostsAsync(EcsDbContext db, string region, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""SELECT "Id" AS "Value" FROM "Hosts" WHERE "Region" = {region} ORDER BY "Id" FOR UPDATE""").ToListAsync(ct);
}
