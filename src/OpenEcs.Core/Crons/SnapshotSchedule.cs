using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Crons;

/// <summary>
/// A server's periodic snapshots (<c>/servers/{name}/crons/snapshot_schedule_{name}</c>): weekly, at a time of the
/// 00:00-06:00 UTC window, keeping at most <see cref="MaxRetention"/> unprotected snapshots. The last occurrence
/// taken is stored, so that the scheduler neither skips nor repeats one across restarts and replicas.
/// </summary>
public sealed class SnapshotSchedule : ITenantOwned
{
    public const string Type = "snapshot_schedule";

    public long Id { get; set; }
    public long AccountId { get; set; }
    public long ServerId { get; set; }
    public required string ServerName { get; set; }
    public bool Enabled { get; set; } = true;
    /// <summary>0 = Sunday, as cron counts.</summary>
    public int DayOfWeek { get; set; }
    public int Hour { get; set; }
    public int Minute { get; set; }
    public int MaxRetention { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The occurrence last taken (or attempted).</summary>
    public DateTimeOffset? LastRunAt { get; set; }
    public string? LastRunStatus { get; set; }
    public string? LastRunMessage { get; set; }
    /// <summary>When the scheduler looks at it next: the first occurrence after the last one handled.</summary>
    public DateTimeOffset NextRunAt { get; set; }
    /// <summary>Optimistic concurrency token: two schedulers cannot both record one occurrence.</summary>
    public int Version { get; set; }

    public string Name => NameOf(ServerName);

    public static string NameOf(string server) => $"{Type}_{server}";

    /// <summary>The cron form the docs show.</summary>
    public string Expression => $"{Minute} {Hour} * * {DayOfWeek} (m/h/dM/MY/d) UTC";

    /// <summary>The first occurrence strictly after <paramref name="t"/>.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset t)
    {
        var utc = t.ToUniversalTime();
        var days = (DayOfWeek - (int)utc.DayOfWeek + 7) % 7;
        var candidate = new DateTimeOffset(utc.Date, TimeSpan.Zero).AddDays(days).AddHours(Hour).AddMinutes(Minute);
        return candidate > utc ? candidate : candidate.AddDays(7);
    }

    /// <summary>The latest occurrence at or before <paramref name="t"/>.</summary>
    public DateTimeOffset LatestAtOrBefore(DateTimeOffset t)
    {
        var next = NextAfter(t);
        return next.AddDays(-7);
    }
}

public static class ScheduleRun
{
    public const string Ok = "ok";
    public const string Failed = "failed";
}

internal sealed class SnapshotScheduleConfiguration : IEntityTypeConfiguration<SnapshotSchedule>
{
    public void Configure(EntityTypeBuilder<SnapshotSchedule> e)
    {
        e.ToTable("SnapshotSchedules");
        e.HasIndex(c => c.ServerId).IsUnique();
        e.HasIndex(c => new { c.Enabled, c.NextRunAt });
        e.Property(c => c.ServerName).HasMaxLength(64);
        e.Property(c => c.Version).IsConcurrencyToken();
        e.Ignore(c => c.Name);
        e.Ignore(c => c.Expression);
    }
}

public static class SnapshotScheduleStore
{
    extension(EcsDbContext db)
    {
        public DbSet<SnapshotSchedule> SnapshotSchedules => db.Set<SnapshotSchedule>();
    }
}
