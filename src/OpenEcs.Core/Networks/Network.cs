using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Networks;

/// <summary>
/// A private network of one account (<c>/networks</c>, named <c>net000017</c>): a layer-2 segment that the account's
/// servers join through interfaces. A deleted one stays as a row (inactive, its deactivation date set), as the docs show it.
/// </summary>
public sealed class Network : ITenantOwned
{
    public long Id { get; set; }
    /// <summary>The docs' <c>network_id</c>: the number in its name.</summary>
    public long Number { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public required string Username { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeactivatedAt { get; set; }

    public static string NameOf(long number) => $"net{number:D6}";
}

/// <summary>
/// A server's interface on a network: a NIC of its VM with a MAC of its own, there while it has VLANs. Its actions
/// (<c>add_vlan</c>, <c>update_vlan</c>, <c>delete_vlan</c>, resource type <c>network</c>, resource <c>{server}-{network}</c>)
/// wait in the server's queue, so that the reboot an interface needs never overlaps a power action.
/// </summary>
public sealed class ServerInterface : ITenantOwned, IActionResource
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long ServerId { get; set; }
    public required string ServerName { get; set; }
    public long NetworkId { get; set; }
    public required string NetworkName { get; set; }
    public required string MacAddress { get; set; }
    /// <summary>The VM has the NIC (set by the action that adds it, cleared by the one that removes it).</summary>
    public bool Attached { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Vlan> Vlans { get; set; } = [];
    public int Version { get; set; }

    /// <summary>The docs' resource of its actions.</summary>
    public static string ResourceOf(string server, string network) => $"{server}-{network}";

    /// <summary>Stable per server and network (QEMU's 52:54:00 prefix): the same attachment always shows the same MAC.</summary>
    public static string MacOf(string server, string network)
    {
        var h = SHA256.HashData(Encoding.UTF8.GetBytes($"{server}/{network}"));
        return $"52:54:00:{h[0]:x2}:{h[1]:x2}:{h[2]:x2}";
    }

    string IActionResource.Name => ResourceOf(ServerName, NetworkName);
    string IActionResource.ResourceType => ResourceType.Network;
    string IActionResource.DeleteActionType => ActionType.DeleteVlan;
    bool IActionResource.IsDeleting => false;
    string IActionResource.Queue => ServerName;
}

/// <summary>One VLAN of an interface: a tag the NIC carries (untagged when it is the PVID).</summary>
public sealed class Vlan : ITenantOwned
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long InterfaceId { get; set; }
    public ServerInterface? Interface { get; set; }
    public int VlanId { get; set; }
    public bool Pvid { get; set; }
    public string Status { get; set; } = VlanStatus.Creating;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Only a VLAN in a stable state can be changed or removed (the docs' rule).</summary>
    public bool IsStable => Status == VlanStatus.Ok;
}

public static class VlanStatus
{
    public const string Creating = "creating";
    public const string Ok = "ok";
    public const string Updating = "updating";
    public const string Deleting = "deleting";
}

internal sealed class NetworkConfiguration : IEntityTypeConfiguration<Network>
{
    public void Configure(EntityTypeBuilder<Network> e)
    {
        e.ToTable("Networks");
        e.HasIndex(n => n.Name).IsUnique();
        e.HasIndex(n => new { n.AccountId, n.Active });
        e.Property(n => n.Name).HasMaxLength(16);
        e.Property(n => n.Username).HasMaxLength(255);
    }
}

internal sealed class ServerInterfaceConfiguration : IEntityTypeConfiguration<ServerInterface>
{
    public void Configure(EntityTypeBuilder<ServerInterface> e)
    {
        e.ToTable("ServerInterfaces");
        e.HasIndex(i => new { i.ServerId, i.NetworkId }).IsUnique();
        e.HasIndex(i => i.NetworkId);
        e.Property(i => i.ServerName).HasMaxLength(64);
        e.Property(i => i.NetworkName).HasMaxLength(16);
        e.Property(i => i.MacAddress).HasMaxLength(17);
        e.Property(i => i.Version).IsConcurrencyToken();
        e.HasMany(i => i.Vlans).WithOne(v => v.Interface).HasForeignKey(v => v.InterfaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VlanConfiguration : IEntityTypeConfiguration<Vlan>
{
    public void Configure(EntityTypeBuilder<Vlan> e)
    {
        e.ToTable("Vlans");
        e.HasIndex(v => new { v.InterfaceId, v.VlanId }).IsUnique();
        e.Property(v => v.Status).HasMaxLength(16);
    }
}

public static class NetworkStore
{
    public const string Counter = "net";

    extension(EcsDbContext db)
    {
        public DbSet<Network> Networks => db.Set<Network>();
        public DbSet<ServerInterface> ServerInterfaces => db.Set<ServerInterface>();
        public DbSet<Vlan> Vlans => db.Set<Vlan>();
    }
}
