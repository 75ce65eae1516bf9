using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using OpenEcs.Core;

namespace OpenEcs.Server.Auth;

/// <summary>Login attempts per client address and username, in fixed windows.</summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public LoginThrottle(IOptions<OpenEcsOptions> options)
    {
        var auth = options.Value.Auth;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.LoginAttemptsPerWindow, Window = auth.LoginWindow, QueueLimit = 0 }));
    }

    /// <summary>Null when the attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(HttpContext context, string username)
    {
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "local";
        using var lease = _limiter.AttemptAcquire($"{client}|{username.ToLowerInvariant()}");
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(60);
    }

    public void Dispose() => _limiter.Dispose();
}
