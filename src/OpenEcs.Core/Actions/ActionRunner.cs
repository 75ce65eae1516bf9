using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Emulator;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Telemetry;

namespace OpenEcs.Core.Actions;

/// <summary>
/// Executes in-progress actions from the store, the first of each resource's queue at a time. Anything in progress
/// when the process starts (after a crash too) is picked up again: handlers are idempotent and keep the action's
/// original schedule. An action ends completed, failed, cancelled by a delete (failed, naming the delete) or failed by
/// its deadline; whatever the end, the next action of its resource's queue runs after it.
/// </summary>
public sealed partial class ActionRunner(
    IServiceScopeFactory scopes, FaultInjector faults, TimeProvider time, WallClock wall, ReplicaIdentity replica,
    ActionTypes types, EcsTelemetry telemetry, IOptions<OpenEcsOptions> options, ILogger<ActionRunner> log)
    : BackgroundService, IActionQueue
{
    public const int MaxAttempts = 5;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private TimeSpan Lease => options.Value.Cluster.LeaseDuration;
    private DateTimeOffset _nextHeartbeat;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly ConcurrentDictionary<long, RunningAction> _running = new();

    private sealed class RunningAction(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;
        public Task Task { get; set; } = Task.CompletedTask;
    }

    public void Notify()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    /// <summary>Actions currently executing in this process.</summary>
    public int Running => _running.Count;

    /// <summary>The emulator's reset: cancels every run of this process and waits (up to <paramref name="wait"/>) for them to end.</summary>
    public async Task CancelAllAsync(TimeSpan wait)
    {
        var runs = _running.Values.ToList();
        foreach (var run in runs)
        {
            try
            {
                await run.Cancel.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // It ended meanwhile.
            }
        }
        await Task.WhenAll(runs.Select(r => r.Task)).WaitAsync(wait).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
            if (db.Dialect.SingleProcess) await ActionLeases.ReleaseAllAsync(db, stop);
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
                // The sweep is a safety net; new actions and cancellations wake the runner at once.
                await _wake.WaitAsync(SweepInterval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await Task.WhenAll(_running.Values.Select(r => r.Task)).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task DispatchAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var now = wall.GetUtcNow();
        var running = _running.Keys.ToList();
        if (now >= _nextHeartbeat)
        {
            await ActionLeases.HeartbeatAsync(db, replica.Name, running, now + Lease, stop);
            _nextHeartbeat = now + Lease / 3;
        }
        // A delete on any replica marks what it cancels in the store; the run notices here and stops at its next step.
        foreach (var id in await ActionLeases.CancelledAsync(db, running, stop))
            if (_running.TryGetValue(id, out var run)) await run.Cancel.CancelAsync();
        var room = options.Value.Cluster.MaxConcurrentActions - _running.Count;
        if (room <= 0) return;
        foreach (var id in await db.Dialect.ClaimActionsAsync(db, replica.Name, now, now + Lease, room, stop))
        {
            // Claim the id before the run starts, so that a run finishing at once cannot leave a stale entry behind.
            var entry = new RunningAction(CancellationTokenSource.CreateLinkedTokenSource(stop));
            if (!_running.TryAdd(id, entry)) continue;
            entry.Task = Task.Run(async () =>
            {
                try { await RunAsync(id, entry.Cancel.Token, stop); }
                finally
                {
                    _running.TryRemove(id, out _);
                    entry.Cancel.Dispose();
                    Notify(); // the next action of this resource's queue may run now
                }
            }, CancellationToken.None);
        }
    }

    private async Task RunAsync(long id, CancellationToken cancel, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var actions = db.Set<EcsAction>().IgnoreQueryFilters();
        var head = await actions.Where(a => a.Id == id).Select(a => new { a.Type, a.TraceParent }).FirstOrDefaultAsync(stop);
        var type = head?.Type;
        var handler = type is null ? null : scope.ServiceProvider.GetKeyedService<IActionHandler>(type);
        // The run is a child of the request that started the action, wherever and whenever it runs.
        using var activity = EcsTelemetry.Source.StartActivity($"action {type}", ActivityKind.Internal,
            ActivityContext.TryParse(head?.TraceParent, null, isRemote: true, out var parent) ? parent : default);
        activity?.SetTag("openecs.action.id", id);
        CancellationTokenSource? deadline = null;
        try
        {
            for (var conflicts = 0; ; conflicts++)
            {
                var action = await actions.FirstOrDefaultAsync(a => a.Id == id, stop);
                if (action is null || action.IsFinished || action.LeaseOwner != replica.Name) return;
                if (action.CancelledBy is { } by) throw new ActionCancelledException(by);
                var run = new ActionRun(db, action, new OperationContext(action.BeganAt ?? time.GetUtcNow(), (p, ct) => ReportAsync(db, action, p, ct))
                {
                    ReportMessage = (m, ct) => NoteAsync(db, action, m, ct),
                });
                try
                {
                    if (conflicts == 0)
                    {
                        action.Attempts++;
                        if (action.BeganAt is null)
                        {
                            action.BeganAt = time.GetUtcNow();
                            telemetry.ActionStarted(action.Type, action.BeganAt.Value - action.CreatedAt);
                        }
                        await db.SaveChangesAsync(stop);
                        run = run with { Operation = run.Operation with { StartedAt = action.BeganAt.Value } };
                        if (handler is null) throw new HypervisorException($"no handler for action type '{action.Type}'");
                        if (action.Attempts > MaxAttempts)
                            throw new HypervisorException($"gave up after {MaxAttempts} attempts (the control plane restarted during each)");
                        deadline = new CancellationTokenSource(Remaining(action), time);
                    }
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline!.Token);
                    if (faults.Trip(action.Type) is { } fault)
                    {
                        if (!fault.Hang) throw new HypervisorException(fault.Message);
                        await Task.Delay(Timeout.InfiniteTimeSpan, linked.Token); // stuck until cancelled or overdue
                    }
                    await handler!.ExecuteAsync(run, linked.Token);
                    telemetry.ActionCompleted(action.Type, time.GetUtcNow() - action.BeganAt!.Value);
                    LogCompleted(action.Id, action.Type, action.Resource);
                    return;
                }
                catch (DbUpdateConcurrencyException) when (conflicts < MaxAttempts * 4)
                {
                    // A request changed the resource meanwhile, a delete cancelled the action, or another replica took
                    // it over: read again. The loop ends if the claim is gone or the action was cancelled; else the
                    // idempotent handler simply runs again.
                    db.ChangeTracker.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Shutting down: the action stays in progress and resumes on the next start (or on another replica).
        }
        catch (ActionHandOffException h)
        {
            // Not this replica's to run (the host's agent is connected to another one): that one takes the claim over.
            db.ChangeTracker.Clear();
            await ActionLeases.HandOffAsync(db, id, replica.Name, h.Replica, wall.GetUtcNow() + Lease, CancellationToken.None);
            LogHandedOff(id, h.Replica, h.Message);
        }
        catch (Exception e) when (StoreErrors.IsTransient(e))
        {
            // The store is briefly unavailable (connections exhausted, failover): not the action's fault. Its claim
            // runs out and it is tried again; MaxAttempts still bounds how often.
            telemetry.StoreError();
            LogTransient(e, id);
        }
        catch (Exception e)
        {
            var overdue = e is OperationCanceledException && deadline?.IsCancellationRequested == true;
            var message = e switch
            {
                ActionCancelledException c => c.Message,
                OperationCanceledException when overdue =>
                    $"did not finish within its deadline of {Describe(types.DeadlineOf(type!))}",
                OperationCanceledException when cancel.IsCancellationRequested => null, // read from the store below
                HypervisorException or EcsException => e.Message,
                _ => $"internal error: {e.Message}",
            };
            if (e is not (ActionCancelledException or OperationCanceledException)) LogFailed(e, id);
            db.ChangeTracker.Clear();
            try
            {
                await FailAsync(scope.ServiceProvider, handler, id, message, overdue ? "deadline" : "error", CancellationToken.None);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another replica holds the action now; its outcome stands.
            }
            activity?.SetStatus(ActivityStatusCode.Error, message);
        }
        finally
        {
            deadline?.Dispose();
        }
    }

    private TimeSpan Remaining(EcsAction action)
    {
        var left = action.BeganAt!.Value + types.DeadlineOf(action.Type) - time.GetUtcNow();
        return left > TimeSpan.Zero ? left : TimeSpan.FromTicks(1);
    }

    /// <param name="message">Null: the action was cancelled, and the store names the delete that did it.</param>
    /// <param name="reason">For the metrics: error or deadline (a cancellation is read from the store).</param>
    private async Task FailAsync(IServiceProvider services, IActionHandler? handler, long id, string? message, string reason, CancellationToken ct)
    {
        var db = services.GetRequiredService<EcsDbContext>();
        var action = await db.Set<EcsAction>().IgnoreQueryFilters().FirstAsync(a => a.Id == id, ct);
        if (action.IsFinished || action.LeaseOwner != replica.Name) return;
        if (action.CancelledBy is { } by)
        {
            var delete = await db.Set<EcsAction>().IgnoreQueryFilters().Where(a => a.Id == by).Select(a => a.Type).FirstOrDefaultAsync(ct);
            message = $"cancelled by {delete ?? "action"} {by}";
            reason = "cancelled";
        }
        action.Fail(message ?? "cancelled", time.GetUtcNow());
        if (handler is not null)
            await handler.OnFailedAsync(new ActionRun(db, action, new OperationContext(action.BeganAt ?? action.CreatedAt, (_, _) => Task.CompletedTask)), ct);
        await db.SaveChangesAsync(ct);
        telemetry.ActionFailed(action.Type, reason, action.CompletedAt!.Value - (action.BeganAt ?? action.CreatedAt));
    }

    private static async Task ReportAsync(EcsDbContext db, EcsAction action, int progress, CancellationToken ct)
    {
        action.Progress = Math.Clamp(progress, action.Progress, 99);
        await db.SaveChangesAsync(ct);
    }

    private static string Describe(TimeSpan t) =>
        t.TotalHours >= 1 && t.TotalHours == Math.Floor(t.TotalHours) ? $"{t.TotalHours:0} h"
        : t.TotalMinutes >= 1 && t.TotalMinutes == Math.Floor(t.TotalMinutes) ? $"{t.TotalMinutes:0} min"
        : $"{t.TotalSeconds:0.#} s";

    private static async Task NoteAsync(EcsDbContext db, EcsAction action, string message, CancellationToken ct)
    {
        action.Message = message;
        await db.SaveChangesAsync(ct);
    }

    [LoggerMessage(LogLevel.Information, "action {Id} {Type} on {Resource} completed")]
    private partial void LogCompleted(long id, string type, string resource);

    [LoggerMessage(LogLevel.Warning, "action {Id} failed")]
    private partial void LogFailed(Exception e, long id);

    [LoggerMessage(LogLevel.Information, "action {Id} handed over to replica {Replica}: {Reason}")]
    private partial void LogHandedOff(long id, string replica, string reason);

    [LoggerMessage(LogLevel.Warning, "action {Id} hit a transient store error; it will be retried")]
    private partial void LogTransient(Exception e, long id);

    [LoggerMessage(LogLevel.Error, "action sweep failed; retrying")]
    private partial void LogSweepFailed(Exception e);
}

/// <summary>The run of an action that a delete cancelled (the store names the delete).</summary>
internal sealed class ActionCancelledException(long by) : Exception($"cancelled by action {by}");
