using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>The account's audit trail (<c>/logs</c>): logins, changes, token use.</summary>
public sealed class LogsClient
{
    private readonly EcsClient _client;

    internal LogsClient(EcsClient client) => _client = client;

    /// <summary>One page, newest first (<c>GET /logs?start&amp;length&amp;resource</c>); <paramref name="resource"/> keeps one target's rows.</summary>
    public async Task<LogPage> ListAsync(int start = 0, int length = 50, string? resource = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var path = string.Create(CultureInfo.InvariantCulture, $"logs?start={start}&length={length}")
                   + (string.IsNullOrEmpty(resource) ? "" : "&resource=" + Uri.EscapeDataString(resource));
        return await _client.SendAsync(HttpMethod.Get, path, EcsJsonContext.Wire.LogPage, ct: cancellationToken);
    }

    /// <summary>One row (<c>GET /logs/{id}</c>).</summary>
    public async Task<LogEntry> GetAsync(long id, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"logs/{id}"), EcsJsonContext.Wire.LogEntry,
            ct: cancellationToken);
}
