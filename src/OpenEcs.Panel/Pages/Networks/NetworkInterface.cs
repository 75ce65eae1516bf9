using OpenEcs.Client;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Networks;

/// <summary>A server's interface on a network as the panel shows it: its MAC and VLANs (an interface exists while it has one).</summary>
public sealed record NetworkInterface(string Server, string Network, string Mac, IReadOnlyList<Vlan> Vlans)
{
    /// <summary>The PVID, if one of the VLANs is it.</summary>
    public int? Pvid => Vlans.FirstOrDefault(v => v.Pvid)?.VlanId;

    /// <summary>The VLANs as ranges, e.g. <c>1,10-20</c>.</summary>
    public string Summary => VlanSelection.Describe(VlanSelection.Ranges(Vlans.Select(v => v.VlanId)));

    /// <summary>True while a VLAN is being created, changed or removed.</summary>
    public bool Busy => Vlans.Any(v => v.Status != "ok");

    /// <summary>
    /// The interfaces of <paramref name="servers"/> on <paramref name="networks"/>: a VLAN list per pair (the API has
    /// no listing by network), a few at a time.
    /// </summary>
    public static async Task<IReadOnlyList<NetworkInterface>> OfServersAsync(EcsClient ecs, IReadOnlyList<Server> servers, IReadOnlyList<Network> networks, CancellationToken ct)
    {
        var pairs = servers.Where(s => s.Status != ServerStatus.Deleted).SelectMany(s => networks.Select(n => (Server: s.Name, Network: n.Name))).ToList();
        var found = new NetworkInterface?[pairs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, pairs.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
        {
            var (server, network) = pairs[i];
            IReadOnlyList<Vlan> vlans;
            try
            {
                vlans = await ecs.Networks.ListVlansAsync(server, network, token);
            }
            catch (EcsNotFoundException)
            {
                return; // deleted since the list was read
            }
            if (vlans.Count > 0) found[i] = new(server, network, vlans[0].MacAddress, vlans.OrderBy(v => v.VlanId).ToList());
        });
        return found.OfType<NetworkInterface>().ToList();
    }
}
