using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Emulator;

namespace OpenEcs.Core.Storage;

/// <summary>A named job that one replica of the cluster does at a time (e.g. metrics sampling).</summary>
[KeptOnEmulatorReset]
public sealed class ClusterLease
{
    public required string Name { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset Until { get; set; }
}

public static class ClusterJobs
{
    public const string MetricsSampler = "metrics-sampler";
    public const string SnapshotScheduler = "snapshot-scheduler";

    /// <summary>Takes or renews a cluster-wide job; true when this replica holds it.</summary>
    public static async Task<bool> LeadAsync(EcsDbContext db, string job, string owner, DateTimeOffset now, TimeSpan lease, CancellationToken ct) =>
        await db.Set<ClusterLease>().Where(l => l.Name == job && (l.Owner == owner || l.Until < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Owner, owner).SetProperty(l => l.Until, now + lease), ct) == 1;

    /// <summary>Lets the job go: <paramref name="owner"/>'s hold on it (null: anyone's, for a store one process owns).</summary>
    public static Task<int> ReleaseAsync(EcsDbContext db, string job, string? owner, CancellationToken ct) =>
        db.Set<ClusterLease>().Where(l => l.Name == job && (owner == null || l.Owner == owner))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Owner, (string?)null).SetProperty(l => l.Until, DateTimeOffset.UnixEpoch), ct);
}

internal sealed class ClusterLeaseConfiguration : IEntityTypeConfiguration<ClusterLease>
{
    public void Configure(EntityTypeBuilder<ClusterLease> e)
    {
        e.ToTable("ClusterLeases");
        e.HasKey(l => l.Name);
        e.HasData(new ClusterLease { Name = ClusterJobs.MetricsSampler, Until = DateTimeOffset.UnixEpoch },
            new ClusterLease { Name = ClusterJobs.SnapshotScheduler, Until = DateTimeOffset.UnixEpoch });
    }
}

/// <summary>This process's name in leases.</summary>
public sealed class ReplicaIdentity
{
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
