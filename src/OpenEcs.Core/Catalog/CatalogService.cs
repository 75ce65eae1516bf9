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
        return catalog.Regions.ToDictionary(r => r.Location, r =>
        {
            var hosts = placement.HostsIn(r.Location);
            // Servers placed before hosts were recorded count as on the first host.
            return (IReadOnlyList<HostServers>)hosts.Select(h => new HostServers(h, servers
                .Where(s => s.Location == r.Location && (s.Host ?? hosts[0]) == h).Select(s => (s.Name, s.Notes)).ToList())).ToList();
        }, StringComparer.OrdinalIgnoreCase);
    }
}
