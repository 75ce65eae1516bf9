using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Hosts;

/// <summary>What the live servers of a host take (the sum of their plans); a failed or deleted server takes nothing.</summary>
public sealed record HostLoad(int Servers, int Cpu, int RamMb, int DiskGb, int Gpu)
{
    public static readonly HostLoad None = new(0, 0, 0, 0, 0);

    /// <summary>Per host name, over every account (only counts per plan are read, never another account's rows).</summary>
    public static async Task<Dictionary<string, HostLoad>> ReadAsync(EcsDbContext db, PlanCatalog catalog, string? region, CancellationToken ct)
    {
        var live = db.Servers.IgnoreQueryFilters().Where(s => s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Failed && s.Host != null);
        if (region is not null) live = live.Where(s => s.Location == region);
        var rows = await live.GroupBy(s => new { s.Host, s.Plan }).Select(g => new { g.Key.Host, g.Key.Plan, Count = g.Count() }).ToListAsync(ct);
        var load = new Dictionary<string, HostLoad>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (catalog.FindPlan(row.Plan) is not { } p) continue;
            var l = load.GetValueOrDefault(row.Host!, None);
            load[row.Host!] = new HostLoad(l.Servers + row.Count, l.Cpu + p.Cpu * row.Count, l.RamMb + p.RamMb * row.Count,
                l.DiskGb + p.DiskGb * row.Count, l.Gpu + p.Gpu * row.Count);
        }
        return load;
    }
}
