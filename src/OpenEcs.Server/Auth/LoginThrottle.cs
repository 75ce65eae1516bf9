using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenEcs.Core;

namespace OpenEcs.Server.Auth;

/// <summary>
/// Failed logins, in fixed windows of OpenEcs:Auth:LoginWindow: per client and username (LoginAttemptsPerWindow) and
/// per client whatever the username (LoginFailuresPerClient, so that made-up usernames bring no fresh budget). Only
/// failures count: a user who logs in often is never held back, and a client past a budget is refused before any
/// password work. A client is its address as the forwarded-headers middleware sets it (OpenEcs:ForwardedHeaders), with
/// every loopback address one client and IPv6 grouped by /64 (what one host or one site holds).
/// A client that logged in to a username is known for it (OpenEcs:Auth:KnownClientLifetime, in this process's memory):
/// failures of that username from clients not known for it count in one more budget (LoginFailuresPerUsername), which
/// holds back a flood from many addresses and never a known client's right password.
/// </summary>
public sealed class LoginThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perUser;
    private readonly PartitionedRateLimiter<string> _perClient;
    private readonly PartitionedRateLimiter<string> _perUsername;
    private readonly MemoryCache _known;
    private readonly TimeSpan _knownFor;

    public LoginThrottle(IOptions<OpenEcsOptions> options)
    {
        var auth = options.Value.Auth;
        _perUser = Windows(auth.LoginAttemptsPerWindow, auth.LoginWindow);
        _perClient = Windows(auth.LoginFailuresPerClient, auth.LoginWindow);
        _perUsername = Windows(auth.LoginFailuresPerUsername, auth.LoginWindow);
        _known = new MemoryCache(new MemoryCacheOptions { SizeLimit = auth.KnownClientLimit });
        _knownFor = auth.KnownClientLifetime;
    }

    private static PartitionedRateLimiter<string> Windows(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));

    /// <summary>Null when the attempt may go ahead; otherwise how long to wait. Takes nothing from the budgets.</summary>
    public TimeSpan? Check(HttpContext context, string username)
    {
        var client = ClientOf(context.Connection.RemoteIpAddress);
        return Exhausted(_perClient, client) ?? Exhausted(_perUser, UserKey(client, username))
            ?? (IsKnown(client, username) ? null : Exhausted(_perUsername, username.ToLowerInvariant()));
    }

    /// <summary>Whether this client logged in to this username before (its password checks get their own lane).</summary>
    public bool IsKnown(HttpContext context, string username) => IsKnown(ClientOf(context.Connection.RemoteIpAddress), username);

    private bool IsKnown(string client, string username) => _known.TryGetValue(UserKey(client, username), out _);

    /// <summary>Counts a failed attempt (a wrong password, or a wrong current_password) against the budgets.</summary>
    public void Failed(HttpContext context, string username)
    {
        var client = ClientOf(context.Connection.RemoteIpAddress);
        _perClient.AttemptAcquire(client).Dispose();
        _perUser.AttemptAcquire(UserKey(client, username)).Dispose();
        if (!IsKnown(client, username)) _perUsername.AttemptAcquire(username.ToLowerInvariant()).Dispose();
    }

    /// <summary>A right password: the client is known for the username from now on.</summary>
    public void Succeeded(HttpContext context, string username) =>
        _known.Set(UserKey(ClientOf(context.Connection.RemoteIpAddress), username), true,
            new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _knownFor });

    /// <summary>The client an address stands for: loopback as one, an IPv6 address by its /64, IPv4 as it is.</summary>
    public static string ClientOf(IPAddress? address)
    {
        if (address is null) return "local";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return "loopback";
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static string UserKey(string client, string username) => $"{client}|{username.ToLowerInvariant()}";

    private static TimeSpan? Exhausted(PartitionedRateLimiter<string> limiter, string key)
    {
        // Zero permits asks whether any are left without taking one.
        using var lease = limiter.AttemptAcquire(key, 0);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromSeconds(60);
    }

    public void Dispose()
    {
        _perUser.Dispose();
        _perClient.Dispose();
        _perUsername.Dispose();
        _known.Dispose();
    }
}
