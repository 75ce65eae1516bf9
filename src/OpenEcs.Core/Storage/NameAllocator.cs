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

    /// <summary>Takes the next number of a counter; call inside the transaction that inserts the resource.</summary>
    public static async Task<string> NextAsync(EcsDbContext db, string prefix, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await db.Database
                .SqlQuery<long>($"""UPDATE "NameCounters" SET "Value" = "Value" + 1 WHERE "Name" = {prefix} RETURNING "Value" AS "Value" """)
                .ToListAsync(ct);
            if (value.Count == 1) return $"{prefix}{value[0]:D5}";
            if (attempt > 0) throw new InvalidOperationException($"name counter {prefix} cannot be created");
            // A prefix no migration seeded (a newer resource): its counter starts now. Standard SQL both stores speak.
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "NameCounters" ("Name", "Value") VALUES ({prefix}, 0) ON CONFLICT DO NOTHING""", ct);
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
