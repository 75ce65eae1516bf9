using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Snapshots;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Crons;

/// <summary>
/// Takes periodic snapshots when their schedules come due on the domain clock, on one replica at a time (a cluster
/// lease). Durable: each schedule stores the occurrence it handled last, and a periodic snapshot is keyed by its
/// occurrence, so a crash between taking one and recording it neither skips nor repeats it. After downtime that spans
/// occurrences, the latest one is taken (once); earlier missed ones would only be pruned by retention at once.
/// It looks every few seconds of the machine's clock (an indexed read; the lease is taken only when something is
/// due), which also follows a manual clock moved by days at once without ticking through every minute of them.
/// </summary>
public sealed partial class SnapshotScheduler(
    IServiceScopeFactory scopes, TimeProvider time, WallClock wall, ReplicaIdentity replica, IOptions<OpenEcsOptions> options,
    ILogger<SnapshotScheduler> log) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);

    private volatile bool _held;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            // A store one process owns: a hold left by a previous run of it (killed) is void at once.
            var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
            if (db.Dialect.SingleProcess) await ClusterJobs.ReleaseAsync(db, ClusterJobs.SnapshotScheduler, owner: null, stop);
        }
        // Due schedules are found by the time, not by ticks: a first look at start-up catches up after downtime.
        using var timer = new PeriodicTimer(Poll, wall);
        do
        {
            try
            {
                await RunDueAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogRunFailed(e);
            }
        } while (await NextTickAsync(timer, stop));
    }

    /// <summary>A replica that stops lets the job go, so that another takes it at its next tick, not at the lease's end.</summary>
    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        // Never taken (a start that failed before, a store never reached): nothing to let go, nothing to log.
        if (!_held) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await ClusterJobs.ReleaseAsync(scope.ServiceProvider.GetRequiredService<EcsDbContext>(), ClusterJobs.SnapshotScheduler, replica.Name, ct);
        }
        catch (Exception e)
        {
            LogReleaseFailed(e);
        }
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken stop)
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

    /// <summary>Handles every schedule due now; returns how many.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var now = time.GetUtcNow();
        IQueryable<SnapshotSchedule> Due() => db.SnapshotSchedules.IgnoreQueryFilters().Where(c => c.Enabled && c.NextRunAt <= now);
        if (!await Due().AnyAsync(ct)) return 0;
        if (!await ClusterJobs.LeadAsync(db, ClusterJobs.SnapshotScheduler, replica.Name, wall.GetUtcNow(), Poll + options.Value.Cluster.LeaseDuration, ct))
            return 0;
        _held = true;
        var due = await Due().OrderBy(c => c.NextRunAt).ToListAsync(ct);
        foreach (var schedule in due) await RunAsync(scope.ServiceProvider, db, schedule, now, ct);
        return due.Count;
    }

    private async Task RunAsync(IServiceProvider services, EcsDbContext db, SnapshotSchedule schedule, DateTimeOffset now, CancellationToken ct)
    {
        var occurrence = schedule.LatestAtOrBefore(now);
        string status = ScheduleRun.Ok, message;
        if (schedule.LastRunAt >= occurrence)
            message = schedule.LastRunMessage ?? "";
        else
        {
            try
            {
                message = await TakeAsync(services, db, schedule, occurrence, ct);
            }
            catch (EcsException e)
            {
                (status, message) = (ScheduleRun.Failed, e.Message);
            }
            LogTaken(schedule.ServerName, occurrence, status, message);
        }
        schedule.LastRunAt = occurrence;
        schedule.LastRunStatus = status;
        schedule.LastRunMessage = message;
        schedule.NextRunAt = schedule.NextAfter(now);
        schedule.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Changed by its owner meanwhile (or deleted with its server): the next look reads it again.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Retention first (the oldest unprotected snapshots beyond the maximum go), then the occurrence's snapshot.</summary>
    private async Task<string> TakeAsync(IServiceProvider services, EcsDbContext db, SnapshotSchedule schedule, DateTimeOffset occurrence, CancellationToken ct)
    {
        var server = await db.Servers.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.Id == schedule.ServerId, ct);
        if (server is null || server.Status is ServerStatus.Deleted or ServerStatus.Deleting)
            throw EcsException.Conflict($"server {schedule.ServerName} is being deleted");
        var taken = await db.Snapshots.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(s => s.ServerId == server.Id && s.ScheduledFor == occurrence, ct);
        if (taken is not null) return $"took {taken.Name}";
        await using var acting = ActingTenant.For(services, new Tenant(server.AccountId, server.Username));
        var snapshots = acting.Service<SnapshotService>();
        var unprotected = await acting.Db.Snapshots.Where(s => s.ServerId == server.Id && !s.Protected
                && (s.Status == SnapshotStatus.Creating || s.Status == SnapshotStatus.Created))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).Select(s => s.Id).ToListAsync(ct);
        var pruned = new List<long>();
        foreach (var id in unprotected.Take(Math.Max(0, unprotected.Count - schedule.MaxRetention + 1)))
        {
            await snapshots.DeleteAsync(server.Name, id, ct);
            pruned.Add(id);
        }
        Snapshot snapshot;
        try
        {
            snapshot = await snapshots.CreateScheduledAsync(server.Name, occurrence, ct);
        }
        catch (DbUpdateException)
        {
            // The occurrence's key: another replica took it first (anything else is the store's failure, for the next tick).
            if (await db.Snapshots.IgnoreQueryFilters().AnyAsync(s => s.ServerId == server.Id && s.ScheduledFor == occurrence, ct))
                return "taken by another replica";
            throw;
        }
        return pruned.Count == 0 ? $"took {snapshot.Name}" : $"took {snapshot.Name}; retention deleted {string.Join(", ", pruned)}";
    }

    [LoggerMessage(LogLevel.Information, "periodic snapshot of {Server} for {Occurrence:u}: {Status} ({Message})")]
    private partial void LogTaken(string server, DateTimeOffset occurrence, string status, string message);

    [LoggerMessage(LogLevel.Warning, "the snapshot scheduler could not let its lease go; another replica takes it when it runs out")]
    private partial void LogReleaseFailed(Exception e);

    [LoggerMessage(LogLevel.Warning, "the snapshot scheduler failed; the next tick retries")]
    private partial void LogRunFailed(Exception e);
}
