using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace OpenEcs.Core.Security;

/// <summary>
/// Every password hash and check of the process, through one concurrency limit (OpenEcs:Auth:MaxConcurrentHashes,
/// with OpenEcs:Auth:HashQueueLimit waiting): the KDF is slow on purpose, and without a limit a flood of logins takes
/// every core. Past the queue a check is refused at once with a 429 and Retry-After, costing no KDF work.
/// </summary>
public sealed class PasswordHasher(IOptions<OpenEcsOptions> options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.Value.Auth.MaxConcurrentHashes,
        QueueLimit = options.Value.Auth.HashQueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private int Iterations => options.Value.Auth.PasswordIterations;

    public Task<string> HashAsync(string password, CancellationToken ct) => RunAsync(() => PasswordHash.Create(password, Iterations), ct);

    public Task<bool> VerifyAsync(string password, string stored, CancellationToken ct) => RunAsync(() => PasswordHash.Verify(password, stored), ct);

    /// <summary>The same work as a real check, so that unknown names cannot be told apart by timing.</summary>
    public Task VerifyNothingAsync(string password, CancellationToken ct) =>
        RunAsync(() => { PasswordHash.VerifyNothing(password, Iterations); return true; }, ct);

    private async Task<T> RunAsync<T>(Func<T> work, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(1, ct);
        if (!lease.IsAcquired)
            throw new EcsException(ErrorKind.TooManyRequests, "too many password checks in progress; retry in a moment");
        return work();
    }

    public void Dispose() => _limiter.Dispose();
}
