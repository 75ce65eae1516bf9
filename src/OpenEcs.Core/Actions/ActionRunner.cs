using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Emulator;
using OpenEcs.Core.Hypervisors;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

/// <summary>
/// Executes in-progress actions from the store. Anything in progress when the process starts (after a crash too) is
/// picked up again: handlers are idempotent and keep the action's original start time, so they resume their schedule.
/// </summary>
public sealed partial class ActionRunner(
    IServiceScopeFactory scopes, FaultInjector faults, TimeProvider time, ReplicaIdentity replica,
    IOptions<OpenEcsOptions> options, ILogger<ActionRunner> log)
    : BackgroundService, IActionQueue
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeProvider Wall = TimeProvider.System;
    private TimeSpan Lease => options.Value.Cluster.LeaseDuration;
    private DateTimeOffset _nextHeartbeat;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<long, Task> _running = new();

    public void Notify()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    /// <summary>Actions currently executing in this process.</summary>
    public int Running => _running.Count;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
            if (db.IsSqlite) await ActionClaims.ReleaseAllAsync(db, stop);
        }
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await DispatchAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogSweepFailed(e);
            }
            try
            {
                // The sweep is a safety net; new actions wake the runner at once.
                await _wake.WaitAsync(SweepInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_running.Values).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task DispatchAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var now = Wall.GetUtcNow();
        if (now >= _nextHeartbeat)
        {
            await ActionClaims.HeartbeatAsync(db, replica.Name, _running.Keys.ToList(), now + Lease, stop);
            _nextHeartbeat = now + Lease / 3;
        }
        var room = options.Value.Cluster.MaxConcurrentActions - _running.Count;
        if (room <= 0) return;
        foreach (var id in await ActionClaims.ClaimAsync(db, replica.Name, now, Lease, room, stop))
        {
            // Claim the id before the run starts, so that a run finishing at once cannot leave a stale entry behind.
            if (!_running.TryAdd(id, Task.CompletedTask)) continue;
            var run = Task.Run(async () =>
            {
                try { await RunAsync(id, stop); }
                finally { _running.TryRemove(id, out _); }
            }, CancellationToken.None);
            _running.TryUpdate(id, run, Task.CompletedTask);
        }
    }

    private async Task RunAsync(long id, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var type = await db.Actions.IgnoreQueryFilters().Where(a => a.Id == id).Select(a => a.Type).FirstOrDefaultAsync(stop);
        var handler = scope.ServiceProvider.GetServices<IActionHandler>().FirstOrDefault(h => h.Type == type);
        try
        {
            for (var conflicts = 0; ; conflicts++)
            {
                var action = await db.Actions.IgnoreQueryFilters().FirstOrDefaultAsync(a => a.Id == id, stop);
                if (action is null || action.Status != ActionStatus.InProgress || action.LeaseOwner != replica.Name) return;
                var run = new ActionRun(db, action, new OperationContext(action.StartedAt ?? action.CreatedAt, (p, ct) => ReportAsync(db, action, p, ct))
                {
                    ReportMessage = (m, ct) => NoteAsync(db, action, m, ct),
                });
                try
                {
                    if (conflicts == 0)
                    {
                        action.Attempts++;
                        await db.SaveChangesAsync(stop);
                        if (handler is null) throw new HypervisorException($"no handler for action type '{action.Type}'");
                        if (action.Attempts > MaxAttempts)
                            throw new HypervisorException($"gave up after {MaxAttempts} attempts (the control plane restarted during each)");
                        if (faults.Trip(action.Type) is { } injected) throw new HypervisorException(injected);
                    }
                    await handler!.ExecuteAsync(run, stop);
                    LogCompleted(action.Id, action.Type, action.Resource);
                    return;
                }
                catch (DbUpdateConcurrencyException) when (conflicts < MaxAttempts)
                {
                    // A request changed the resource meanwhile, or another replica took the action over: read again;
                    // the loop ends here if the claim is gone, else the idempotent handler simply runs again.
                    db.ChangeTracker.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: the action stays in progress and resumes on the next start (or on another replica).
        }
        catch (Exception e) when (StoreErrors.IsTransient(e))
        {
            // The store is briefly unavailable (connections exhausted, failover): not the action's fault. Its claim
            // runs out and it is tried again; MaxAttempts still bounds how often.
            LogTransient(e, id);
        }
        catch (Exception e)
        {
            var message = e is HypervisorException or EcsException ? e.Message : $"internal error: {e.Message}";
            LogFailed(e, id);
            db.ChangeTracker.Clear();
            try
            {
                await FailAsync(scope.ServiceProvider, handler, id, message, CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another replica holds the action now; its outcome stands.
            }
        }
    }

    private async Task FailAsync(IServiceProvider services, IActionHandler? handler, long id, string message, CancellationToken ct)
    {
        var db = services.GetRequiredService<EcsDbContext>();
        var action = await db.Actions.IgnoreQueryFilters().FirstAsync(a => a.Id == id, ct);
        if (action.Status != ActionStatus.InProgress || action.LeaseOwner != replica.Name) return;
        action.Status = ActionStatus.Failed;
        action.Message = message;
        action.CompletedAt = time.GetUtcNow();
        if (handler is not null)
            await handler.OnFailedAsync(new ActionRun(db, action, new OperationContext(action.StartedAt ?? action.CreatedAt, (_, _) => Task.CompletedTask)), ct);
        await db.SaveChangesAsync(ct);
    }

    private static async Task ReportAsync(EcsDbContext db, EcsAction action, int progress, CancellationToken ct)
    {
        action.Progress = Math.Clamp(progress, action.Progress, 99);
        await db.SaveChangesAsync(ct);
    }

    private static async Task NoteAsync(EcsDbContext db, EcsAction action, string message, CancellationToken ct)
    {
        action.Message = message;
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(LogLevel.Information, "action {Id} {Type} on {Resource} completed")]
    private partial void LogCompleted(long id, string type, string resource);

    [LoggerMessage(LogLevel.Warning, "action {Id} failed")]
    private partial void LogFailed(Exception e, long id);

    [LoggerMessage(LogLevel.Warning, "action {Id} hit a transient store error; it will be retried")]
    private partial void LogTransient(Exception e, long id);

    [LoggerMessage(LogLevel.Error, "action sweep failed; retrying")]
    private partial void LogSweepFailed(Exception e);
}

public static class ActionCompletion
{
    /// <summary>Marks an action completed; the caller saves it together with the resource change.</summary>
    public static void Complete(this EcsAction action, DateTimeOffset now)
    {
        action.Status = ActionStatus.Completed;
        action.Progress = 100;
        action.CompletedAt = now;
        action.Message = null;
    }
}
