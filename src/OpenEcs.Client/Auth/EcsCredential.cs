namespace OpenEcs.Client;

/// <summary>How the client authenticates: <see cref="ApiTokenCredential"/> or <see cref="LoginCredential"/>.</summary>
public abstract class EcsCredential
{
    private protected EcsCredential() { }

    /// <summary>Adds the credential's header to a request, logging in first if it must.</summary>
    internal abstract ValueTask ApplyAsync(HttpRequestMessage request, EcsClient client, CancellationToken ct);

    /// <summary>
    /// Called when the API answered 401 to a request this credential signed; true when it obtained new
    /// credentials and the request is worth sending once more.
    /// </summary>
    internal virtual ValueTask<bool> RenewAfterRejectionAsync(HttpRequestMessage rejected, EcsClient client, CancellationToken ct) => ValueTask.FromResult(false);
}

/// <summary>A long-lived API token (from <c>POST /keys</c>), sent as <c>X-APITOKEN</c>.</summary>
public sealed class ApiTokenCredential : EcsCredential
{
    /// <summary>Uses this token.</summary>
    public ApiTokenCredential(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token;
    }

    /// <summary>The token.</summary>
    public string Token { get; }

    internal override ValueTask ApplyAsync(HttpRequestMessage request, EcsClient client, CancellationToken ct)
    {
        request.Headers.Add("X-APITOKEN", Token);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A token obtained elsewhere (a login JWT kept by a web session, say), sent as <c>Authorization: Bearer</c>. It is not
/// renewed: when it expires the API answers 401 and the caller logs in again.
/// </summary>
public sealed class BearerTokenCredential : EcsCredential
{
    /// <summary>Uses this token.</summary>
    public BearerTokenCredential(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        Token = token;
    }

    /// <summary>The token.</summary>
    public string Token { get; }

    internal override ValueTask ApplyAsync(HttpRequestMessage request, EcsClient client, CancellationToken ct)
    {
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return ValueTask.CompletedTask;
    }
}
