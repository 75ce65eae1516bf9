using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Servers;

/// <summary>
/// Servers are Customizing from the end of their create until the guest reports that their user script ended
/// (whatever its exit status); this moves them to Booted and writes the end on the create action's message. Every
/// replica may run it: the move is one conditional statement, so only one of them makes it.
/// </summary>
public sealed partial class UserScriptWatcher(
    IServiceScopeFactory scopes, IHypervisor hypervisor, WallClock wall, ILogger<UserScriptWatcher> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Poll, wall);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await CheckOnceAsync(stop);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    LogCheckFailed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<int> CheckOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var customizing = await db.Servers.IgnoreQueryFilters().Where(s => s.Status == ServerStatus.Customizing)
            .Select(s => new { s.Id, s.Name, s.CreationDate }).ToListAsync(ct);
        var ended = 0;
        foreach (var server in customizing)
        {
            var create = await db.Actions.IgnoreQueryFilters()
                .Where(a => a.Queue == server.Name && a.Type == ActionType.CreateServer && a.Status == ActionStatus.Completed)
                .Select(a => new { a.Id, a.CompletedAt }).FirstOrDefaultAsync(ct);
            if (await hypervisor.UserScriptEndAsync(server.Name, create?.CompletedAt ?? server.CreationDate, ct) is not { } end) continue;
            var moved = await db.Servers.IgnoreQueryFilters().Where(s => s.Id == server.Id && s.Status == ServerStatus.Customizing)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, ServerStatus.Booted).SetProperty(s => s.Version, s => s.Version + 1), ct);
            if (moved == 0) continue;
            if (create is not null)
                await db.Actions.IgnoreQueryFilters().Where(a => a.Id == create.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.Message, end.Message), ct);
            LogEnded(server.Name, end.Message);
            ended++;
        }
        return ended;
    }

    [LoggerMessage(LogLevel.Information, "server {Name} booted: {Outcome}")]
    private partial void LogEnded(string name, string outcome);

    [LoggerMessage(LogLevel.Warning, "checking customizing servers failed; next poll retries")]
    private partial void LogCheckFailed(Exception e);
}
