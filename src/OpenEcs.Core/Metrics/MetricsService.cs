using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Servers;

namespace OpenEcs.Core.Metrics;

public sealed class MetricsService(EcsDbContext db, TimeProvider time)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>The stored samples of a server in [start, end]; defaults to the last hour.</summary>
    public async Task<List<MetricSample>> GetAsync(string serverName, DateTimeOffset? start, DateTimeOffset? end, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking()
            .FirstOrDefaultAsync(s => s.Name == serverName && s.Status != ServerStatus.Deleted, ct)
            ?? throw EcsException.NotFound("server", serverName);
        var to = end ?? time.GetUtcNow();
        var from = start ?? to - DefaultWindow;
        if (from > to) throw EcsException.BadRequest("start must not be after end");
        if (to - from > MaxWindow) throw EcsException.BadRequest($"the window may span at most {MaxWindow.TotalDays} days");
        return await db.MetricSamples.AsNoTracking()
            .Where(m => m.ServerId == server.Id && m.At >= from && m.At <= to)
            .OrderBy(m => m.At).ToListAsync(ct);
    }
}
