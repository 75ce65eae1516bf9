using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Hosts;

/// <summary>
/// Placement over the hosts whose agents joined (Kind=agents): an up, uncordoned host of the region with room for the
/// plan's CPU, RAM, disk and GPUs (with the overcommit ratios of OpenEcs:Hosts), the one with the most room left
/// first. The claim is the server row itself, inserted in the create's transaction after the host rows were locked,
/// so two creates never both take the last room of a host.
/// </summary>
public sealed class AgentPlacement(EcsDbContext db, PlanCatalog catalog, IOptions<OpenEcsOptions> options) : IServerPlacement
{
    public async Task<IReadOnlyList<string>> HostsInAsync(string region, CancellationToken ct) =>
        await db.Hosts.AsNoTracking().Where(h => h.Region == region && !h.Revoked).OrderBy(h => h.Name).Select(h => h.Name).ToListAsync(ct);

    public async Task<string?> PlaceAsync(string region, Plan plan, IReadOnlySet<string> avoid, CancellationToken ct)
    {
        await db.Dialect.LockHostsAsync(db, region, ct);
        var free = await FreeAsync(region, ct);
        return free.Where(f => f.Host.Status == HostStatus.Up && !f.Host.Cordoned && !avoid.Contains(f.Host.Name) && f.Fits(plan))
            .OrderByDescending(f => f.Share(plan)).ThenBy(f => f.Host.Name).Select(f => f.Host.Name).FirstOrDefault();
    }

    public async Task<Func<Plan, string, bool>> RoomAsync(CancellationToken ct)
    {
        var free = await FreeAsync(null, ct);
        var open = free.Where(f => f.Host.Status == HostStatus.Up && !f.Host.Cordoned).ToList();
        return (plan, region) => open.Any(f => string.Equals(f.Host.Region, region, StringComparison.OrdinalIgnoreCase) && f.Fits(plan));
    }

    /// <summary>Each live host of the region (or of all regions) with what is left on it.</summary>
    private async Task<List<Free>> FreeAsync(string? region, CancellationToken ct)
    {
        var hosts = await db.Hosts.AsNoTracking().Where(h => !h.Revoked && (region == null || h.Region == region)).ToListAsync(ct);
        if (hosts.Count == 0) return [];
        var load = await HostLoad.ReadAsync(db, catalog, region, ct);
        var o = options.Value.Hosts;
        return hosts.Select(h =>
        {
            var used = load.GetValueOrDefault(h.Name, HostLoad.None);
            return new Free(h, h.Cpu * o.CpuOvercommit - used.Cpu, h.RamMb * o.RamOvercommit - used.RamMb,
                h.DiskGb * o.DiskOvercommit - used.DiskGb, h.Gpu - used.Gpu, h.Cpu * o.CpuOvercommit, h.RamMb * o.RamOvercommit);
        }).ToList();
    }

    private sealed record Free(HypervisorHost Host, double Cpu, double RamMb, double DiskGb, int Gpu, double CpuTotal, double RamTotal)
    {
        public bool Fits(Plan p) => p.Cpu <= Cpu && p.RamMb <= RamMb && p.DiskGb <= DiskGb && p.Gpu <= Gpu;

        /// <summary>The smaller of the CPU and RAM shares left once the plan is placed: spreads by what runs out first.</summary>
        public double Share(Plan p) => Math.Min((Cpu - p.Cpu) / Math.Max(CpuTotal, 1), (RamMb - p.RamMb) / Math.Max(RamTotal, 1));
    }
}
