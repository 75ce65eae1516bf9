using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Groups;
using OpenEcs.Core.Reservations;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Servers;

public sealed class Server : IGroupVisible<Server>, IActionResource
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public required string Username { get; set; }
    public long? GroupId { get; set; }
    public ServerGroup? Group { get; set; }
    public required string Plan { get; set; }
    public required string Location { get; set; }
    public required string Image { get; set; }
    public required string Notes { get; set; }
    public string Ipv4 { get; set; } = "";
    public string Ipv6 { get; set; } = "";
    /// <summary>The host port forwarded to the guest's SSH (QEMU user-mode networking), written by the create.</summary>
    public int? SshPort { get; set; }
    public string Status { get; set; } = ServerStatus.Booting;
    public bool ActiveFlag { get; set; }
    public int Progress { get; set; }
    public string PowerState { get; set; } = Servers.PowerState.Shutoff;
    public string? SshKey { get; set; }
    /// <summary>The create's password as a SHA-512 crypt hash (<c>$6$...</c>), the form the guest's shadow file takes; never the clear text.</summary>
    public string? PasswordHash { get; set; }
    /// <summary>The script run once after the first boot (a library script's text as it was, or the inline one).</summary>
    public string? UserCustomize { get; set; }
    /// <summary>The script's environment lines: a secret, kept only until the create has handed it to the guest.</summary>
    public string? UserCustomizeEnv { get; set; }
    public long? LastRestoredSnapshotId { get; set; }
    public Snapshots.Snapshot? LastRestoredSnapshot { get; set; }
    public DateTimeOffset CreationDate { get; set; }
    public DateTimeOffset? DeletionDate { get; set; }
    /// <summary>The (virtual) hypervisor host the server was placed on; null for servers placed before hosts existed.</summary>
    public string? Host { get; set; }
    /// <summary>The support plan (a catalog code) and since when; null: unmanaged.</summary>
    public string? SupportCode { get; set; }
    public DateTimeOffset? SupportSince { get; set; }
    /// <summary>Reserved periods bought for the server (queries include those not ended yet).</summary>
    public List<Reservation> Reservations { get; set; } = [];
    /// <summary>Optimistic concurrency token, bumped on every write.</summary>
    public int Version { get; set; }

    public static Expression<Func<Server, long, EcsDbContext, bool>> InGroup => (s, group, _) => s.GroupId == group;

    string IActionResource.ResourceType => ResourceType.Server;
    string IActionResource.DeleteActionType => ActionType.DeleteServer;
    bool IActionResource.IsDeleting => Status == ServerStatus.Deleting;
}

public static class ServerStatus
{
    public const string Booting = "Booting";
    /// <summary>Booted, while its user script runs.</summary>
    public const string Customizing = "Customizing";
    public const string Booted = "Booted";
    public const string Deleting = "Deleting";
    public const string Deleted = "Deleted";
    /// <summary>Create failed; the server keeps no address and can only be deleted.</summary>
    public const string Failed = "Failed";
}

public static class PowerState
{
    public const string Running = "RUNNING";
    public const string Shutoff = "SHUTOFF";
}

internal sealed class ServerConfiguration : IEntityTypeConfiguration<Server>
{
    public void Configure(EntityTypeBuilder<Server> e)
    {
        e.ToTable("Servers");
        e.HasIndex(s => s.Name).IsUnique();
        e.HasIndex(s => new { s.AccountId, s.Status });
        e.Property(s => s.Version).IsConcurrencyToken();
        e.HasOne(s => s.Group).WithMany().HasForeignKey(s => s.GroupId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne(s => s.LastRestoredSnapshot).WithMany().HasForeignKey(s => s.LastRestoredSnapshotId).OnDelete(DeleteBehavior.SetNull);
        e.Property(s => s.Host).HasMaxLength(128);
        e.Property(s => s.SupportCode).HasMaxLength(32);
        e.HasIndex(s => new { s.Location, s.Host });
    }
}

public static class ServerStore
{
    extension(EcsDbContext db)
    {
        public DbSet<Server> Servers => db.Set<Server>();
    }
}
