using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Consoles;

/// <summary>
/// Every couple of seconds (machine time) while consoles are open: closes the idle ones, and those whose server was
/// deleted or powered off where this replica could not see it (another replica ran the action, the emulator's reset).
/// One query for all of them.
/// </summary>
public sealed partial class ConsoleWatch(ConsoleRegistry registry, IServiceScopeFactory scopes, WallClock wall, ILogger<ConsoleWatch> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, wall, stop);
                await SweepAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogSweepFailed(e);
            }
        }
    }

    private async Task SweepAsync(CancellationToken ct)
    {
        var open = registry.Snapshot();
        if (open.Count == 0) return;
        registry.CloseIdle();
        var names = open.Select(s => s.Server).Distinct().ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var live = await db.Set<Server>().IgnoreQueryFilters()
            .Where(s => names.Contains(s.Name) && (s.Status == ServerStatus.Booted || s.Status == ServerStatus.Customizing))
            .Select(s => new { s.Name, s.PowerState }).ToListAsync(ct);
        foreach (var name in names)
        {
            var server = live.FirstOrDefault(s => s.Name == name);
            if (server is null) registry.CloseServer(name, $"server {name} was deleted");
            else if (server.PowerState != PowerState.Running) registry.CloseServer(name, $"server {name} was powered off");
        }
    }

    [LoggerMessage(LogLevel.Warning, "console watch failed; retrying")]
    private partial void LogSweepFailed(Exception e);
}
