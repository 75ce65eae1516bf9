using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Emulator;

namespace OpenEcs.Core.Storage;

/// <summary>Monotonic counters behind the ec2NNNNN / ei2NNNNN / eg1NNNNN names.</summary>
[KeptOnEmulatorReset]
public sealed class NameCounter
{
    public required string Name { get; set; }
    public long Value { get; set; }
}

/// <summary>Resource names in the real service's forms: servers ec2NNNNN, templates ei2NNNNN, groups eg1NNNNN.</summary>
public static class NameAllocator
{
    public const string Server = "ec2";
    public const string Template = "ei2";
    public const string Group = "eg1";

    /// <summary>Takes the next name of a counter; call inside the transaction that inserts the resource.</summary>
    public static async Task<string> NextAsync(EcsDbContext db, string prefix, CancellationToken ct) =>
        $"{prefix}{await NextValueAsync(db, prefix, ct):D5}";

    /// <summary>Takes the next number (1, 2, ...) of a counter; call inside the transaction that inserts the resource.</summary>
    public static async Task<long> NextValueAsync(EcsDbContext db, string counter, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await db.Database
                .SqlQuery<long>($"""UPDATE "NameCounters" SET "Value" = "Value" + 1 WHERE "Name" = {counter} RETURNING "Value" AS "Value" """)
                .ToListAsync(ct);
            if (value.Count == 1) return value[0];
            if (attempt > 0) throw new InvalidOperationException($"name counter {counter} cannot be created");
            // A counter no migration seeded (a newer resource, one per server): it starts now. Standard SQL both stores speak.
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "NameCounters" ("Name", "Value") VALUES ({counter}, 0) ON CONFLICT DO NOTHING""", ct);
        }
    }
}

internal sealed class NameCounterConfiguration : IEntityTypeConfiguration<NameCounter>
{
    public void Configure(EntityTypeBuilder<NameCounter> e)
    {
        e.ToTable("NameCounters");
        e.HasKey(c => c.Name);
        e.HasData(
            new NameCounter { Name = NameAllocator.Server, Value = 0 },
            new NameCounter { Name = NameAllocator.Template, Value = 0 },
            new NameCounter { Name = NameAllocator.Group, Value = 0 });
    }
}
