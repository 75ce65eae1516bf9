using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Server.Auth;
using OpenEcs.Server.Errors;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// Requests per account per minute (OpenEcs:Limits:RequestsPerMinute; 0 turns it off). Unauthenticated requests
/// share a budget per client address. A refused request gets a 429 in the error shape with Retry-After and RateLimit-*.
/// </summary>
public static class AccountRateLimiting
{
    public static IServiceCollection AddAccountRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<OpenEcsOptions>>((o, ecs) =>
        {
            var limit = ecs.Value.Limits.RequestsPerMinute;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (limit <= 0) return RateLimitPartition.GetNoLimiter("off");
                var tenant = EcsAuthenticationHandler.TenantOf(http.User);
                var key = tenant is null ? "ip:" + http.Connection.RemoteIpAddress : "account:" + tenant.AccountId.ToString(CultureInfo.InvariantCulture);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            o.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(60);
                var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var headers = context.HttpContext.Response.Headers;
                headers.RetryAfter = seconds;
                headers["RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
                headers["RateLimit-Remaining"] = "0";
                headers["RateLimit-Reset"] = seconds;
                await ApiErrors.WriteAsync(context.HttpContext, 429, $"rate limit of {limit} requests per minute reached; retry in {seconds} s");
            };
        });
        return services;
    }
}
