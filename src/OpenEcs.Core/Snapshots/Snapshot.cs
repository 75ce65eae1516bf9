using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Snapshots;

/// <summary>
/// A point-in-time copy of a server's disk (<c>/servers/{name}/snapshots</c>). It can be restored onto its server
/// (rollback) or become a template; it cannot create a server. Its actions carry its id as their resource (the docs'
/// form) and wait in its server's queue, so that a snapshot never overlaps the server's power actions or rollbacks.
/// </summary>
public sealed class Snapshot : ITenantOwned, IActionResource
{
    /// <summary>Taken from a counter before the row is written, so that its first action can name it.</summary>
    public long Id { get; set; }
    /// <summary><c>{server}-SNP-{n}</c>, n counting the server's snapshots from 1; also the hypervisor's name for it.</summary>
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public required string Username { get; set; }
    public long ServerId { get; set; }
    public required string SourceServer { get; set; }
    /// <summary>The snapshot the disk descended from when this one was taken (the last taken or the last restored).</summary>
    public long? ParentId { get; set; }
    public Snapshot? Parent { get; set; }
    /// <summary>Kept by periodic snapshots' maximum retention.</summary>
    public bool Protected { get; set; }
    /// <summary>A rollback to it is queued or running.</summary>
    public bool Restoring { get; set; }
    public string Status { get; set; } = SnapshotStatus.Creating;
    public Guid Uid { get; set; }
    public string Description { get; set; } = "";
    public string Notes { get; set; } = "";
    public bool ActiveFlag { get; set; }
    public long? SizeOnDisk { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>The occurrence of a periodic schedule this snapshot was taken for; unique per server, so that no
    /// occurrence is taken twice (replicas, restarts).</summary>
    public DateTimeOffset? ScheduledFor { get; set; }
    public int Version { get; set; }

    public bool IsLive => Status is SnapshotStatus.Creating or SnapshotStatus.Created;

    string IActionResource.Name => Id.ToString(CultureInfo.InvariantCulture);
    string IActionResource.ResourceType => ResourceType.Snapshot;
    string IActionResource.DeleteActionType => ActionType.DeleteSnapshot;
    bool IActionResource.IsDeleting => Status == SnapshotStatus.Deleting;
    string IActionResource.Queue => SourceServer;
}

/// <summary>The docs' status codes, with their labels.</summary>
public static class SnapshotStatus
{
    public const string Creating = "CG";
    public const string Created = "CD";
    public const string Deleting = "DE";
    public const string Deleted = "DD";

    public static string Label(string status) => status switch
    {
        Creating => "Creating",
        Created => "Created",
        Deleting => "Deleting",
        Deleted => "Deleted",
        _ => status,
    };
}

internal sealed class SnapshotConfiguration : IEntityTypeConfiguration<Snapshot>
{
    public void Configure(EntityTypeBuilder<Snapshot> e)
    {
        e.ToTable("Snapshots");
        e.Property(s => s.Id).ValueGeneratedNever();
        e.HasIndex(s => s.Name).IsUnique();
        e.HasIndex(s => new { s.ServerId, s.Status });
        e.HasIndex(s => new { s.ServerId, s.ScheduledFor }).IsUnique();
        e.Property(s => s.Name).HasMaxLength(64);
        e.Property(s => s.SourceServer).HasMaxLength(64);
        e.Property(s => s.Status).HasMaxLength(2);
        e.Property(s => s.Version).IsConcurrencyToken();
        e.HasOne(s => s.Parent).WithMany().HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.SetNull);
    }
}

public static class SnapshotStore
{
    public const string IdCounter = "snp";

    /// <summary>The counter behind a server's snapshot numbers.</summary>
    public static string NumberCounter(string server) => "snp:" + server;

    extension(EcsDbContext db)
    {
        public DbSet<Snapshot> Snapshots => db.Set<Snapshot>();
    }
}
