using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Catalog;

/// <summary>The account's own servers on a region's host, as /plans/availables lists them.</summary>
public sealed record HostServers(string Host, IReadOnlyList<(string Name, string Notes)> Servers);

public sealed class CatalogService(EcsDbContext db, PlanCatalog catalog)
{
    /// <summary>Per region, the hypervisor hosts and the caller's servers on each.</summary>
    public async Task<Dictionary<string, IReadOnlyList<HostServers>>> HostsByRegionAsync(CancellationToken ct)
    {
        var servers = await db.Servers.AsNoTracking().Where(s => s.Status != ServerStatus.Deleted)
            .Select(s => new { s.Location, s.Name, s.Notes }).ToListAsync(ct);
        return catalog.Regions.ToDictionary(r => r.Location, r => (IReadOnlyList<HostServers>)
            [new HostServers(HostName(r.Location), servers.Where(s => s.Location == r.Location).Select(s => (s.Name, s.Notes)).ToList())],
            StringComparer.OrdinalIgnoreCase);
    }

    private static string HostName(string location) => $"hv1.{location}.openecs.local";
}
