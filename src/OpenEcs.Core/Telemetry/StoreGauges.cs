using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Telemetry;

/// <summary>
/// Counts of the whole store (actions in progress, servers by status), refreshed every few seconds in the background,
/// so that a scrape reads numbers and never waits on the store.
/// </summary>
public sealed partial class StoreGauges(IServiceScopeFactory scopes, WallClock wall, ILogger<StoreGauges> log) : BackgroundService
{
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(10);
    private volatile IReadOnlyList<Measurement<long>> _servers = [];

    public long InProgressActions { get; private set; }

    public IEnumerable<Measurement<long>> ServersByStatus() => _servers;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Refresh, wall);
        do
        {
            try
            {
                await RefreshAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogRefreshFailed(e);
            }
        } while (await WaitAsync(timer, stop));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task RefreshAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        InProgressActions = await db.Actions.IgnoreQueryFilters().LongCountAsync(a => a.Status == ActionStatus.InProgress, ct);
        var byStatus = await db.Servers.IgnoreQueryFilters().Where(s => s.Status != ServerStatus.Deleted)
            .GroupBy(s => s.Status).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(ct);
        _servers = byStatus.Select(g => new Measurement<long>(g.Count, new KeyValuePair<string, object?>("status", g.Key))).ToList();
    }

    [LoggerMessage(LogLevel.Warning, "refreshing the store gauges failed; the next refresh retries")]
    private partial void LogRefreshFailed(Exception e);
}
