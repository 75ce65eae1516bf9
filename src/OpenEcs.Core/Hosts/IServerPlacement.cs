using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Hosts;

/// <summary>
/// Where servers run: the hosts of each region and the choice of one for a new server. The embedded default has a
/// few virtual hosts per region (<see cref="VirtualHostPlacement"/>); a placement over real agents replaces it.
/// </summary>
public interface IServerPlacement
{
    /// <summary>The region's hosts, in a stable order.</summary>
    Task<IReadOnlyList<string>> HostsInAsync(string region, CancellationToken ct);

    /// <summary>
    /// Picks a host of the region for a new server of <paramref name="plan"/>, never one of <paramref name="avoid"/>
    /// (isolation); runs inside the create's transaction. Null when no host qualifies.
    /// </summary>
    Task<string?> PlaceAsync(string region, Plan plan, IReadOnlySet<string> avoid, CancellationToken ct);

    /// <summary>Whether some host of a region has room for a plan now (what /plans shows as available), read once.</summary>
    Task<Func<Plan, string, bool>> RoomAsync(CancellationToken ct);
}

/// <summary>
/// OpenEcs:Simulator:HostsPerRegion virtual hosts per region (one under QEMU, where every VM runs on this machine),
/// named hvN.REGION.openecs.local. A new server goes to the allowed host with the fewest servers.
/// </summary>
public sealed class VirtualHostPlacement(EcsDbContext db, IOptions<OpenEcsOptions> options) : IServerPlacement
{
    private int Count => options.Value.Hypervisor.IsQemu ? 1 : options.Value.Simulator.HostsPerRegion;

    private List<string> HostsIn(string region) =>
        Enumerable.Range(1, Count).Select(n => $"hv{n}.{region.ToLowerInvariant()}.openecs.local").ToList();

    public Task<IReadOnlyList<string>> HostsInAsync(string region, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>(HostsIn(region));

    /// <summary>Virtual hosts never run out: every catalog plan stays available.</summary>
    public Task<Func<Plan, string, bool>> RoomAsync(CancellationToken ct) => Task.FromResult<Func<Plan, string, bool>>((_, _) => true);

    public async Task<string?> PlaceAsync(string region, Plan plan, IReadOnlySet<string> avoid, CancellationToken ct)
    {
        var allowed = HostsIn(region).Where(h => !avoid.Contains(h)).ToList();
        if (allowed.Count == 0) return null;
        // Every account's servers weigh on a host; only the count is read, never another account's rows.
        var load = await db.Servers.IgnoreQueryFilters()
            .Where(s => s.Location == region && s.Status != ServerStatus.Deleted && s.Host != null && allowed.Contains(s.Host))
            .GroupBy(s => s.Host!).Select(g => new { Host = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Host, g => g.Count, ct);
        return allowed.OrderBy(h => load.GetValueOrDefault(h)).First();
    }
}
