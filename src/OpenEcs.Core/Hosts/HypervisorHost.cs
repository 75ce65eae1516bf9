using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Hosts;

/// <summary>
/// A hypervisor host whose agent joined the control plane (OpenEcs:Hypervisor:Kind=agents). What is allocated on it
/// is not stored: it is the sum of the plans of its live servers, so that no delete, failure or crash can leave it
/// wrong; creates are ordered by locking the region's host rows (<see cref="IStoreDialect.LockHostsAsync"/>).
/// </summary>
public sealed class HypervisorHost
{
    public long Id { get; set; }
    /// <summary>The agent's OpenEcs:Agent:HostName, what servers' <c>Host</c> names.</summary>
    public required string Name { get; set; }
    public required string Region { get; set; }
    public int Cpu { get; set; }
    public int RamMb { get; set; }
    public int DiskGb { get; set; }
    public int Gpu { get; set; }
    /// <summary><see cref="HostStatus.Up"/> while heartbeats arrive, <see cref="HostStatus.Down"/> after OpenEcs:Hosts:DownAfter without.</summary>
    public string Status { get; set; } = HostStatus.Down;
    /// <summary>No new servers are placed on a cordoned host; those on it keep running.</summary>
    public bool Cordoned { get; set; }
    /// <summary>A revoked host's credential is refused and it cannot join again under this name.</summary>
    public bool Revoked { get; set; }
    /// <summary>SHA-256 of the host's credential (a random 256-bit secret, so a plain hash is enough).</summary>
    public required string CredentialHash { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public DateTimeOffset? LastHeartbeat { get; set; }
    /// <summary>The API replica whose Work stream the agent holds now (null: none), so that another replica hands the
    /// host's actions to it.</summary>
    public string? ConnectedTo { get; set; }
}

public static class HostStatus
{
    public const string Up = "up";
    public const string Down = "down";
    /// <summary>Shown for a host that is up but takes no new servers.</summary>
    public const string Cordoned = "cordoned";
}

internal sealed class HypervisorHostConfiguration : IEntityTypeConfiguration<HypervisorHost>
{
    public void Configure(EntityTypeBuilder<HypervisorHost> e)
    {
        e.ToTable("Hosts");
        e.Property(h => h.Name).HasMaxLength(128);
        e.HasIndex(h => h.Name).IsUnique();
        e.Property(h => h.Region).HasMaxLength(32);
        e.HasIndex(h => h.Region);
        e.Property(h => h.Status).HasMaxLength(16);
        e.Property(h => h.CredentialHash).HasMaxLength(64);
        e.Property(h => h.ConnectedTo).HasMaxLength(128);
    }
}

public static class HostStore
{
    extension(EcsDbContext db)
    {
        public DbSet<HypervisorHost> Hosts => db.Set<HypervisorHost>();
    }
}
