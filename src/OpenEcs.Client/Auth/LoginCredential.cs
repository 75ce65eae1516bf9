using System.Net.Http.Headers;
using OpenEcs.Client.Models;

namespace OpenEcs.Client;

/// <summary>
/// A username (or a group's name) and password, exchanged at <c>POST /login</c> for a JWT sent as
/// <c>Authorization: Bearer</c>. The JWT is renewed shortly before it expires, and once more if the API rejects it
/// (a server restarted with a new signing key, say). Safe to share between clients and threads.
/// </summary>
public sealed class LoginCredential : EcsCredential
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LoginToken? _token;
    private DateTimeOffset _issuedAt;

    /// <summary>Logs in with these; <paramref name="cached"/> is a token saved from an earlier session, used while valid.</summary>
    public LoginCredential(string username, string password, LoginToken? cached = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(username);
        Username = username;
        Password = password ?? "";
        _token = cached;
        _issuedAt = DateTimeOffset.MinValue;
    }

    /// <summary>The login name.</summary>
    public string Username { get; }

    internal string Password { get; }

    /// <summary>The current token, or null before the first call.</summary>
    public LoginToken? Token => Volatile.Read(ref _token);

    /// <summary>How long before expiry a token is renewed, at most; a short-lived token is renewed at four fifths of its life. Default 5 minutes.</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Raised after each login with the new token, e.g. to cache it on disk.</summary>
    public event EventHandler<LoginToken>? TokenRefreshed;

    internal override async ValueTask ApplyAsync(HttpRequestMessage request, EcsClient client, CancellationToken ct)
    {
        var token = await CurrentAsync(client, stale: null, ct);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
    }

    internal override async ValueTask<bool> RenewAfterRejectionAsync(HttpRequestMessage rejected, EcsClient client, CancellationToken ct)
    {
        if (rejected.Headers.Authorization?.Parameter is not { } sent) return false;
        await CurrentAsync(client, stale: sent, ct);
        return true;
    }

    /// <summary>A token that is good for a while; logs in when there is none, it is near expiry or it is <paramref name="stale"/>.</summary>
    private async ValueTask<LoginToken> CurrentAsync(EcsClient client, string? stale, CancellationToken ct)
    {
        var now = client.Options.TimeProvider.GetUtcNow();
        if (Token is { } fresh && fresh.Token != stale && !NeedsRenewal(fresh, now)) return fresh;
        await _gate.WaitAsync(ct);
        try
        {
            // Another caller may have logged in while this one waited.
            if (Token is { } current && current.Token != stale && !NeedsRenewal(current, now)) return current;
            var issued = await client.LoginAsync(Username, Password, ct);
            _issuedAt = client.Options.TimeProvider.GetUtcNow();
            Volatile.Write(ref _token, issued);
            TokenRefreshed?.Invoke(this, issued);
            return issued;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool NeedsRenewal(LoginToken token, DateTimeOffset now)
    {
        // A cached token's issue time is unknown: its life is taken as at least the margin's worth.
        var life = _issuedAt == DateTimeOffset.MinValue ? TimeSpan.MaxValue : token.ExpiresAt - _issuedAt;
        var margin = life == TimeSpan.MaxValue ? RefreshMargin : TimeSpan.FromTicks(Math.Min(RefreshMargin.Ticks, life.Ticks / 5));
        return now >= token.ExpiresAt - margin;
    }
}
