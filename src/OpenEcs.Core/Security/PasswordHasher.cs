using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OpenEcs.Core.Security;

/// <summary>
/// Every password hash and check of the process, through one concurrency limit (OpenEcs:Auth:MaxConcurrentHashes,
/// with OpenEcs:Auth:HashQueueLimit waiting): the KDF is slow on purpose, and without a limit a flood of logins takes
/// every core. Past the queue a check is refused at once with a 429 and Retry-After, costing no KDF work.
/// Logins of a known client (one that logged in to that name before, <c>knownClient</c>) have a lane of their own
/// (OpenEcs:Auth:KnownClientHashes), so that a flood from addresses never seen before cannot queue them out.
/// </summary>
public sealed class PasswordHasher(IOptions<OpenEcsOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _everyone = Lane(options.Value.Auth.MaxConcurrentHashes, options.Value.Auth.HashQueueLimit);
    private readonly ConcurrencyLimiter _known = Lane(options.Value.Auth.KnownClientHashes, options.Value.Auth.HashQueueLimit);

    private static ConcurrencyLimiter Lane(int permits, int queue) => new(new ConcurrencyLimiterOptions
    {
        PermitLimit = permits,
        QueueLimit = queue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private int Iterations => options.Value.Auth.PasswordIterations;

    public Task<string> HashAsync(string password, CancellationToken ct) => RunAsync(() => PasswordHash.Create(password, Iterations), ct);

    public Task<bool> VerifyAsync(string password, string stored, CancellationToken ct, bool knownClient = false) =>
        RunAsync(() => PasswordHash.Verify(password, stored), ct, knownClient);

    /// <summary>The same work as a real check, so that unknown names cannot be told apart by timing.</summary>
    public Task VerifyNothingAsync(string password, CancellationToken ct) =>
        RunAsync(() => { PasswordHash.VerifyNothing(password, Iterations); return true; }, ct);

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct, bool knownClient = false)
    {
        using var lease = await (knownClient ? _known : _everyone).AcquireAsync(1, ct);
        if (!lease.IsAcquired)
            throw new EcsException(ErrorKind.TooManyRequests, "too many password checks in progress; retry in a moment");
        return work();
    }

    public void Dispose()
    {
        _everyone.Dispose();
        _known.Dispose();
    }
}
