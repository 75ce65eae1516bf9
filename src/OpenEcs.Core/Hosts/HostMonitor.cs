using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenEcs.Core.Hosts;

/// <summary>
/// Marks down the hosts whose agents stopped heartbeating (Kind=agents only). Every replica may run it: the update is
/// idempotent and keyed on the stored heartbeat, so replicas agree without a lease.
/// </summary>
public sealed partial class HostMonitor(IServiceScopeFactory scopes, TimeProvider time, IOptions<OpenEcsOptions> options, ILogger<HostMonitor> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.Value.Hypervisor.IsAgents) return;
        // A quarter of the silence allowed: a host is shown down at most that much later than it is due.
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(250).Ticks, options.Value.Hosts.DownAfter.Ticks / 4));
        using var timer = new PeriodicTimer(every, time);
        while (await Tick(timer, stop))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var down = await scope.ServiceProvider.GetRequiredService<HostService>().MarkSilentDownAsync(stop);
                if (down > 0) LogDown(down, options.Value.Hosts.DownAfter);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogFailed(e);
            }
        }
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stop)
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

    [LoggerMessage(LogLevel.Warning, "{Count} host(s) sent no heartbeat for {After}: now down")]
    private partial void LogDown(int count, TimeSpan after);

    [LoggerMessage(LogLevel.Error, "host monitor failed; retrying")]
    private partial void LogFailed(Exception e);
}
