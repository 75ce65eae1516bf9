using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>API tokens (<c>/keys</c>): long-lived credentials sent as <c>X-APITOKEN</c>.</summary>
public sealed class ApiKeysClient
{
    private readonly EcsClient _client;

    internal ApiKeysClient(EcsClient client) => _client = client;

    /// <summary>The account's tokens, without their secrets (<c>GET /keys</c>).</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, "keys", EcsJsonContext.Wire.IReadOnlyListApiKey, ct: cancellationToken);

    /// <summary>Creates a token (<c>POST /keys</c>); its secret is in the answer and nowhere else, ever.</summary>
    public async Task<ApiKeyCreated> CreateAsync(string notes, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Post, "keys", EcsJsonContext.Wire.ApiKeyCreated,
            Body.Of(new NotesBody(notes ?? ""), EcsJsonContext.Wire.NotesBody), ct: cancellationToken);

    /// <summary>Changes a token's notes (<c>PUT /keys/{id}</c>).</summary>
    public async Task UpdateAsync(long id, string notes, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Put, Path(id), EcsJsonContext.Wire.StatusEnvelope,
            Body.Of(new NotesBody(notes ?? ""), EcsJsonContext.Wire.NotesBody), ct: cancellationToken);

    /// <summary>Revokes a token (<c>DELETE /keys/{id}</c>).</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Delete, Path(id), EcsJsonContext.Wire.StatusEnvelope, ct: cancellationToken);

    private static string Path(long id) => string.Create(CultureInfo.InvariantCulture, $"keys/{id}");
}

/// <summary>The account (<c>/account</c>).</summary>
public sealed class AccountClient
{
    private readonly EcsClient _client;

    internal AccountClient(EcsClient client) => _client = client;

    /// <summary>The account's details (<c>GET /account</c>).</summary>
    public async Task<Account> GetAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, "account", EcsJsonContext.Wire.Account, ct: cancellationToken);

    /// <summary>Changes the account's password (<c>POST /account</c>).</summary>
    public async Task ChangePasswordAsync(string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        await _client.SendAsync(HttpMethod.Post, "account", EcsJsonContext.Wire.StatusEnvelope,
            Body.Of(new PasswordBody(newPassword), EcsJsonContext.Wire.PasswordBody), ct: cancellationToken);
    }

    /// <summary>
    /// Changes the password only if <paramref name="currentPassword"/> is right: it is checked with a login as the
    /// account (<c>POST /login</c>, which the API throttles) before <c>POST /account</c>, so that a stolen session
    /// cannot lock its owner out. A wrong one is an <see cref="EcsUnauthorizedException"/> and changes nothing.
    /// </summary>
    public async Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(currentPassword);
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var account = await GetAsync(cancellationToken);
        await _client.LoginAsync(account.Username, currentPassword, cancellationToken);
        await ChangePasswordAsync(newPassword, cancellationToken);
    }
}
