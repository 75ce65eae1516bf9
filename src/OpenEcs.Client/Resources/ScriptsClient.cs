using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Cloud scripts (<c>/scripts</c>): the account's library (20 at most) and the public scripts.</summary>
public sealed class ScriptsClient
{
    private readonly EcsClient _client;

    internal ScriptsClient(EcsClient client) => _client = client;

    /// <summary>The account's scripts, then the public ones (<c>GET /scripts</c>).</summary>
    public async Task<IReadOnlyList<Script>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "scripts", EcsJsonContext.Wire.ScriptListEnvelope, ct: cancellationToken)).Scripts ?? [];

    /// <summary>One script (<c>GET /scripts/{id}</c>).</summary>
    public Task<Script> GetAsync(long id, CancellationToken cancellationToken = default) => Send(HttpMethod.Get, id, null, cancellationToken);

    /// <summary>Adds a script to the library (<c>POST /scripts</c>): title and content are required.</summary>
    public async Task<Script> CreateAsync(ScriptRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _client.SendAsync(HttpMethod.Post, "scripts", EcsJsonContext.Wire.ScriptEnvelope,
            Body.Of(request, EcsJsonContext.Wire.ScriptRequest), ct: cancellationToken)).Script ?? throw EcsClient.Missing("script", "POST /scripts");
    }

    /// <summary>Changes the fields that are set (<c>PATCH /scripts/{id}</c>).</summary>
    public Task<Script> UpdateAsync(long id, ScriptRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Send(HttpMethod.Patch, id, request, cancellationToken);
    }

    /// <summary>Removes a script (<c>DELETE /scripts/{id}</c>); servers created with it keep what they ran.</summary>
    public Task<Script> DeleteAsync(long id, CancellationToken cancellationToken = default) => Send(HttpMethod.Delete, id, null, cancellationToken);

    private async Task<Script> Send(HttpMethod method, long id, ScriptRequest? body, CancellationToken ct) =>
        (await _client.SendAsync(method, $"scripts/{id.ToString(CultureInfo.InvariantCulture)}", EcsJsonContext.Wire.ScriptEnvelope,
            body is null ? null : Body.Of(body, EcsJsonContext.Wire.ScriptRequest), ct: ct)).Script
        ?? throw EcsClient.Missing("script", $"{method} /scripts/{{id}}");
}
