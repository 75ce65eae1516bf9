using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Usage;

/// <summary>
/// The billing ledger: one stretch of time during which a resource was billable in one way. Every row is written in the
/// transaction of the state change that starts or ends it (<see cref="UsageRecorder"/>), so the ledger never disagrees
/// with the resource, whatever kills the process. Bills are computed from these rows (Billing), never kept.
/// </summary>
public sealed class UsageInterval : ITenantOwned
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    /// <summary>What kind of resource: <see cref="UsageKind"/>.</summary>
    public required string Kind { get; set; }
    public long ResourceId { get; set; }
    /// <summary>The resource's name, kept for the bill of a resource whose own row says little (snapshots).</summary>
    public required string ResourceName { get; set; }
    /// <summary>What is billed: <see cref="UsageMeter"/>.</summary>
    public required string Meter { get; set; }
    /// <summary>For <see cref="UsageMeter.Hours"/>: <see cref="UsageState.Online"/> or <see cref="UsageState.Offline"/>.</summary>
    public string State { get; set; } = "";
    /// <summary>The catalog key of the price: a plan name (hours, reserved) or a support code; empty for storage.</summary>
    public string Rate { get; set; } = "";
    /// <summary>How much: GiB for storage, 1 otherwise.</summary>
    public double Quantity { get; set; } = 1;
    /// <summary>The reservation a <see cref="UsageMeter.Reserved"/> interval bills.</summary>
    public long? Reference { get; set; }
    public DateTimeOffset From { get; set; }
    /// <summary>Null while open. A concurrency token: two writers never both close (or extend) the same interval.</summary>
    public DateTimeOffset? Until { get; set; }
}

public static class UsageKind
{
    public const string Server = "server";
    public const string Template = "template";
    public const string Snapshot = "snapshot";
}

public static class UsageMeter
{
    /// <summary>A server's hours at its plan's price, online or offline.</summary>
    public const string Hours = "hours";
    /// <summary>A reserved period: its hours at the reserved price, whatever the power state. Written with its end.</summary>
    public const string Reserved = "reserved";
    /// <summary>A support plan, billed per calendar month begun.</summary>
    public const string Support = "support";
    /// <summary>Disk space of a template or snapshot, per GiB-hour.</summary>
    public const string Storage = "storage";
}

public static class UsageState
{
    public const string Online = "online";
    /// <summary>SHUTOFF: discounted when the account has offline_available.</summary>
    public const string Offline = "offline";
}

internal sealed class UsageIntervalConfiguration : IEntityTypeConfiguration<UsageInterval>
{
    public void Configure(EntityTypeBuilder<UsageInterval> e)
    {
        e.ToTable("UsageIntervals");
        e.Property(u => u.Kind).HasMaxLength(16);
        e.Property(u => u.Meter).HasMaxLength(16);
        e.Property(u => u.State).HasMaxLength(16);
        e.Property(u => u.Rate).HasMaxLength(64);
        e.Property(u => u.ResourceName).HasMaxLength(64);
        e.Property(u => u.Until).IsConcurrencyToken();
        e.HasIndex(u => new { u.AccountId, u.Kind, u.From });
        // At most one open interval per resource and meter: a second writer racing to open one fails instead of
        // billing twice. Standard SQL, the same on both stores.
        e.HasIndex(u => new { u.Kind, u.ResourceId, u.Meter }).IsUnique().HasFilter("\"Until\" IS NULL").HasDatabaseName("IX_UsageIntervals_Open");
        e.HasIndex(u => new { u.Kind, u.ResourceId });
    }
}

public static class UsageStore
{
    extension(EcsDbContext db)
    {
        public DbSet<UsageInterval> UsageIntervals => db.Set<UsageInterval>();
    }
}
