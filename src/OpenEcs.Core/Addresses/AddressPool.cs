using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Servers;

namespace OpenEcs.Core.Addresses;

/// <summary>
/// Per-region address pools. IPv4 addresses are leased (one row each, the address as primary key, so two servers can
/// never hold one); IPv6 addresses are the region prefix plus the server id, unique by construction.
/// </summary>
public sealed class AddressPool(IOptions<OpenEcsOptions> options, PlanCatalog catalog)
{
    public async Task AssignAsync(EcsDbContext db, Server server, CancellationToken ct)
    {
        var (network, v6Prefix) = PoolOf(server.Location);
        var size = 1L << (32 - network.PrefixLength);
        var usable = Math.Max(1, size - 3); // not the network, the gateway (.1) or the broadcast address
        var baseAddress = ToUInt32(network.BaseAddress);
        // Probe from a point derived from the server id: the first probe is almost always free.
        for (long i = 0; i < usable; i++)
        {
            var host = 2 + (server.Id + i) % usable;
            var candidate = ToAddress(baseAddress + (uint)host).ToString();
            if (await db.AddressLeases.AnyAsync(a => a.Address == candidate, ct)) continue;
            db.AddressLeases.Add(new AddressLease { Address = candidate, Region = server.Location, ServerId = server.Id });
            server.Ipv4 = candidate;
            server.Ipv6 = $"{v6Prefix}{server.Id:x}";
            return;
        }
        throw new Hypervisors.HypervisorException($"no free IPv4 address left in the pool of {server.Location} ({network})");
    }

    public static async Task ReleaseAsync(EcsDbContext db, Server server, CancellationToken ct)
    {
        await db.AddressLeases.Where(a => a.ServerId == server.Id).ExecuteDeleteAsync(ct);
        server.Ipv4 = "";
        server.Ipv6 = "";
    }

    private (IPNetwork Network, string V6Prefix) PoolOf(string location)
    {
        var regionId = catalog.FindRegion(location)?.Id ?? 0;
        options.Value.Network.TryGetValue(location, out var net);
        var v4 = IPNetwork.Parse(net?.Ipv4Cidr is { Length: > 0 } c ? c : $"10.{100 + regionId % 100}.0.0/16");
        if (v4.BaseAddress.AddressFamily != AddressFamily.InterNetwork || v4.PrefixLength > 30)
            throw new InvalidOperationException($"OpenEcs:Network:{location}:Ipv4Cidr must be an IPv4 block of /30 or wider");
        var v6 = net?.Ipv6Prefix is { Length: > 0 } p ? p.Split('/')[0].TrimEnd(':') + "::" : $"fd00:ec5:{regionId:x}::";
        return (v4, v6);
    }

    private static uint ToUInt32(IPAddress a)
    {
        var b = a.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static IPAddress ToAddress(uint v) => new([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
}
