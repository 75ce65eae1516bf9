using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OpenEcs.Core.Storage;

namespace OpenEcs.Storage.Sqlite;

public sealed class SqliteDialect : IStoreDialect
{
    public bool SingleProcess => true;

    /// <summary>SQLite has no timestamp type: UTC ticks (full precision), so that ordering and comparison happen in SQL.</summary>
    public void ConfigureConventions(ModelConfigurationBuilder builder) =>
        builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();

    /// <summary>One writer at a time in SQLite: the UPDATE is atomic without row locks. Values as stored (UTC ticks).</summary>
    public Task<List<long>> ClaimActionsAsync(EcsDbContext db, string owner, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken ct)
    {
        var handedOver = Core.Actions.ActionHandOff.To(owner);
        return db.Database.SqlQuery<long>($"""
            UPDATE "Actions" SET "LeaseOwner" = {owner}, "LeaseUntil" = {until.UtcTicks}
            WHERE "Id" IN (SELECT a."Id" FROM "Actions" a WHERE a."Status" = 'in-progress'
                           AND (a."LeaseUntil" IS NULL OR a."LeaseUntil" < {now.UtcTicks} OR a."LeaseOwner" = {handedOver})
                           AND NOT EXISTS (SELECT 1 FROM "Actions" b WHERE b."Queue" = a."Queue"
                                           AND b."Status" = 'in-progress' AND b."Id" < a."Id")
                           ORDER BY a."Id" LIMIT {limit})
            RETURNING "Id" AS "Value"
            """).ToListAsync(ct);
    }

    /// <summary>Nothing to take: a SQLite transaction begins IMMEDIATE (Microsoft.Data.Sqlite's default), holding the
    /// store's one write lock from its first statement.</summary>
    public Task LockAccountAsync(EcsDbContext db, long accountId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Nothing to take: the IMMEDIATE transaction already holds the write lock of the whole store.</summary>
    public Task LockHostsAsync(EcsDbContext db, string region, CancellationToken ct) => Task.CompletedTask;

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
}
