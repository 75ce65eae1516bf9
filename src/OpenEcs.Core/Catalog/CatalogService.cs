using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Hosts;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Catalog;

/// <summary>The account's own servers on a region's host, as /plans/availables lists them.</summary>
public sealed record HostServers(string Host, IReadOnlyList<(string Name, string Notes)> Servers);

public sealed class CatalogService(EcsDbContext db, PlanCatalog catalog, IServerPlacement placement)
{
    /// <summary>Per region, the hypervisor hosts and the caller's servers on each (what isolate_from is chosen from).</summary>
    public async Task<Dictionary<string, IReadOnlyList<HostServers>>> HostsByRegionAsync(CancellationToken ct)
    {
        var servers = await db.Servers.AsNoTracking().Where(s => s.Status != ServerStatus.Deleted)
            .Select(s => new { s.Location, s.Name, s.Notes, s.Host }).ToListAsync(ct);
        var byRegion = new Dictionary<string, IReadOnlyList<HostServers>>(StringComparer.OrdinalIgnoreCase);
        foreach (var r in catalog.Regions)
        {
            var hosts = await placement.HostsInAsync(r.Location, ct);
            // Servers placed before hosts were recorded count as on the first host.
            byRegion[r.Location] = hosts.Select(h => new HostServers(h, servers
                .Where(s => s.Location == r.Location && (s.Host ?? hosts[0]) == h).Select(s => (s.Name, s.Notes)).ToList())).ToList();
        }
        return byRegion;
    }

    /// <summary>Whether some host of a region has room for a plan now.</summary>
    public Task<Func<Plan, string, bool>> RoomAsync(CancellationToken ct) => placement.RoomAsync(ct);
}
