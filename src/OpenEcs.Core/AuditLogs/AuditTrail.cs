using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Groups;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.AuditLogs;

/// <summary>A row for the trail. <see cref="AccountId"/> null: the account is found by <see cref="Actor"/> (a login's
/// name, an account's or a group's); a name that is neither is not logged.</summary>
public sealed record AuditEntry(
    long? AccountId, string Actor, string Action, int Status, string? TargetType, string? Target, DateTimeOffset At,
    string? IpAddress, string? UserAgent, string? Url, string? Description = null)
{
    public const int MaxUserAgent = 256;
    public const int MaxUrl = 512;

    public bool Succeeded => Status is >= 200 and < 400;
}

/// <summary>
/// Writes the audit trail off the request path: requests queue rows in a bounded channel and one writer stores them
/// in batches (a transaction per batch). A call that changed something waits for its row's batch to commit before its
/// answer is sent (<see cref="RecordAsync"/> with durable): an acknowledged change is always in the trail, and one
/// whose answer never left (a kill -9 in between) may be missing from it. Rows of refused calls and of token use are
/// queued without waiting. A full queue makes requests wait, never drops a row. Rows older than
/// OpenEcs:Logs:Retention are deleted as the writer goes.
/// </summary>
public sealed partial class AuditTrail(
    IServiceScopeFactory scopes, IOptions<OpenEcsOptions> options, TimeProvider time, WallClock wall, ILogger<AuditTrail> log)
    : BackgroundService
{
    private const int MaxBatch = 256;
    private const int MaxAttempts = 5;
    private const int MaxTrackedTokens = 10_000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(30);

    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(
        new BoundedChannelOptions(options.Value.Logs.QueueCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
    private readonly ConcurrentDictionary<long, long> _tokenHours = new();
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    private sealed record Pending(AuditEntry Entry, TaskCompletionSource? Written);

    /// <summary>Queues a row; <paramref name="durable"/>: returns once it is committed (or throws what stopped it).</summary>
    public async Task RecordAsync(AuditEntry entry, bool durable, CancellationToken ct)
    {
        var written = durable ? new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) : null;
        await _queue.Writer.WriteAsync(new Pending(entry, written), ct);
        if (written is not null) await written.Task.WaitAsync(ct);
    }

    /// <summary>True the first time an API token is seen in a clock hour (a row per token per hour, not per request).
    /// Remembered by this process: a restart or another replica may log the same hour once more.</summary>
    public bool FirstUseThisHour(long apiKeyId, DateTimeOffset now)
    {
        var hour = now.UtcTicks / TimeSpan.TicksPerHour;
        if (_tokenHours.TryGetValue(apiKeyId, out var seen) && seen >= hour) return false;
        if (_tokenHours.Count >= MaxTrackedTokens)
            foreach (var (key, h) in _tokenHours)
                if (h < hour) _tokenHours.TryRemove(key, out _);
        _tokenHours[apiKeyId] = hour;
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                idle.CancelAfter(IdleWake);
                await reader.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                // Idle: a chance to prune.
            }
            catch (OperationCanceledException)
            {
                break;
            }
            while (batch.Count < MaxBatch && reader.TryRead(out var pending)) batch.Add(pending);
            if (batch.Count > 0) await WriteAsync(batch, stop);
            batch.Clear();
            await PruneIfDueAsync(stop);
        }
        // Shutting down: the web server has drained its requests; store what they queued.
        while (reader.TryRead(out var pending)) batch.Add(pending);
        if (batch.Count > 0) await WriteAsync(batch, CancellationToken.None);
    }

    private async Task WriteAsync(List<Pending> batch, CancellationToken stop)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
                db.AuditLogs.AddRange(await RowsAsync(db, batch.Select(p => p.Entry).ToList(), stop));
                await db.SaveChangesAsync(stop);
                foreach (var p in batch) p.Written?.TrySetResult();
                return;
            }
            catch (Exception e) when (attempt < MaxAttempts && !stop.IsCancellationRequested)
            {
                LogRetry(e, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt * attempt), wall, CancellationToken.None);
            }
            catch (Exception e)
            {
                // The requests waiting on these rows fail instead of acknowledging a change the trail lacks.
                LogLost(e, batch.Count);
                foreach (var p in batch) p.Written?.TrySetException(e);
                return;
            }
        }
    }

    private static async Task<List<AuditLog>> RowsAsync(EcsDbContext db, List<AuditEntry> entries, CancellationToken ct)
    {
        var names = entries.Where(e => e.AccountId is null).Select(e => e.Actor).Distinct().ToList();
        var owners = new Dictionary<string, long>(StringComparer.Ordinal);
        if (names.Count > 0)
        {
            foreach (var a in await db.Accounts.AsNoTracking().Where(a => names.Contains(a.Username)).Select(a => new { a.Username, a.Id }).ToListAsync(ct))
                owners[a.Username] = a.Id;
            foreach (var g in await db.Groups.IgnoreQueryFilters().AsNoTracking().Where(g => names.Contains(g.Name))
                         .Select(g => new { g.Name, g.AccountId }).ToListAsync(ct))
                owners.TryAdd(g.Name, g.AccountId);
        }
        var rows = new List<AuditLog>(entries.Count);
        foreach (var e in entries)
        {
            if ((e.AccountId ?? (owners.TryGetValue(e.Actor, out var owner) ? owner : null)) is not { } account) continue;
            rows.Add(new AuditLog
            {
                AccountId = account, Actor = Cut(e.Actor, 64)!, Action = Cut(e.Action, 128)!,
                Severity = e.Succeeded ? AuditSeverity.Info : e.Status >= 500 ? AuditSeverity.Error : AuditSeverity.Warning,
                Status = e.Succeeded ? "success" : "failure", TargetType = Cut(e.TargetType, 32), Target = Cut(e.Target, 128),
                CreatedAt = e.At, IpAddress = Cut(e.IpAddress, 64), UserAgent = Cut(e.UserAgent, AuditEntry.MaxUserAgent),
                Url = Cut(e.Url, AuditEntry.MaxUrl), Result = e.Status, Description = Cut(e.Description, 256),
            });
        }
        return rows;
    }

    private async Task PruneIfDueAsync(CancellationToken stop)
    {
        var now = time.GetUtcNow();
        if (now < _nextPrune) return;
        _nextPrune = now + PruneEvery;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
            var horizon = now - options.Value.Logs.Retention;
            await db.AuditLogs.IgnoreQueryFilters().Where(l => l.CreatedAt < horizon).ExecuteDeleteAsync(stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            LogPruneFailed(e);
        }
    }

    private static string? Cut(string? text, int max) => text is { Length: > 0 } t && t.Length > max ? t[..max] : text;

    [LoggerMessage(LogLevel.Warning, "audit trail: writing {Count} rows failed (attempt {Attempt}); retrying")]
    private partial void LogRetry(Exception e, int count, int attempt);

    [LoggerMessage(LogLevel.Error, "audit trail: {Count} rows could not be written; the calls waiting on them fail")]
    private partial void LogLost(Exception e, int count);

    [LoggerMessage(LogLevel.Warning, "audit trail: pruning old rows failed; the next pass retries")]
    private partial void LogPruneFailed(Exception e);
}
