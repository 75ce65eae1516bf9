using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Public SSH keys (<c>/sshkeys</c>); a server names one by label at creation.</summary>
public sealed class SshKeysClient
{
    private readonly EcsClient _client;

    internal SshKeysClient(EcsClient client) => _client = client;

    /// <summary>The account's keys (<c>GET /sshkeys</c>).</summary>
    public async Task<IReadOnlyList<SshKey>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "sshkeys", EcsJsonContext.Wire.SshKeyListEnvelope, ct: cancellationToken)).Pubkeys ?? [];

    /// <summary>One key (<c>GET /sshkeys/{id}</c>).</summary>
    public async Task<SshKey> GetAsync(long id, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, Path(id), EcsJsonContext.Wire.SshKeyEnvelope, ct: cancellationToken)).Pubkey
        ?? throw EcsClient.Missing("pubkey", "GET /sshkeys/{id}");

    /// <summary>
    /// Adds a public key under a label (<c>POST /sshkeys</c>). The API answers only "ok": the new key is looked up by
    /// its label and returned.
    /// </summary>
    public async Task<SshKey> AddAsync(string label, string publicKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        await _client.SendAsync(HttpMethod.Post, "sshkeys", EcsJsonContext.Wire.StatusEnvelope,
            Body.Of(new SshKeyBody(publicKey, label), EcsJsonContext.Wire.SshKeyBody), ct: cancellationToken);
        return (await ListAsync(cancellationToken)).FirstOrDefault(k => k.Label == label)
               ?? throw new EcsException($"the key '{label}' was added but is not listed");
    }

    /// <summary>Renames a key (<c>PUT /sshkeys/{id}</c>).</summary>
    public async Task RelabelAsync(long id, string label, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Put, Path(id), EcsJsonContext.Wire.StatusEnvelope,
            Body.Of(new SshKeyBody(null, label), EcsJsonContext.Wire.SshKeyBody), ct: cancellationToken);

    /// <summary>Deletes a key (<c>DELETE /sshkeys/{id}</c>).</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Delete, Path(id), EcsJsonContext.Wire.StatusEnvelope, ct: cancellationToken);

    private static string Path(long id) => string.Create(CultureInfo.InvariantCulture, $"sshkeys/{id}");
}
