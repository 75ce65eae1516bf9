using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Servers;

namespace OpenEcs.Core.Metrics;

/// <summary>Every step, stores one sample per running server and drops samples older than the retention.</summary>
public sealed partial class MetricsSampler(
    IServiceScopeFactory scopes, IHypervisor hypervisor, TimeProvider time, IOptions<OpenEcsOptions> options,
    ReplicaIdentity replica, ILogger<MetricsSampler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.Value.Metrics.Step, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await SampleOnceAsync(stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    LogSampleFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<int> SampleOnceAsync(CancellationToken ct)
    {
        var step = options.Value.Metrics.Step;
        var now = time.GetUtcNow();
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % step.Ticks, TimeSpan.Zero);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        // One replica samples for the whole cluster; the others take over when its lease runs out.
        var wall = TimeProvider.System.GetUtcNow();
        if (!await ClusterJobs.LeadAsync(db, ClusterJobs.MetricsSampler, replica.Name, wall, step + options.Value.Cluster.LeaseDuration, ct))
            return 0;
        var running = await db.Servers.IgnoreQueryFilters()
            .Where(s => s.Status == ServerStatus.Booted && s.PowerState == PowerState.Running)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        var taken = await db.MetricSamples.Where(m => m.At == at).Select(m => m.ServerId).ToListAsync(ct);
        var stored = 0;
        foreach (var server in running.Where(s => !taken.Contains(s.Id)))
        {
            if (await hypervisor.SampleAsync(server.Name, at, ct) is not { } s) continue;
            db.MetricSamples.Add(new MetricSample
            {
                ServerId = server.Id, At = at, Cpu = s.Cpu, DiskReads = s.DiskReads, DiskWrites = s.DiskWrites,
                NetReceived = s.NetReceived, NetTransmitted = s.NetTransmitted,
            });
            stored++;
        }
        await db.SaveChangesAsync(ct);
        var horizon = now - options.Value.Metrics.Retention;
        await db.MetricSamples.Where(m => m.At < horizon).ExecuteDeleteAsync(ct);
        return stored;
    }

    [LoggerMessage(LogLevel.Warning, "metrics sampling failed; next step retries")]
    private partial void LogSampleFailed(Exception e);
}
