using System.Globalization;
using System.Runtime.CompilerServices;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Actions, the unit of asynchronous work (<c>/actions</c>).</summary>
public sealed class ActionsClient
{
    private readonly EcsClient _client;

    internal ActionsClient(EcsClient client) => _client = client;

    /// <summary>
    /// One page of actions, newest first (<c>GET /actions?start&amp;length&amp;resource</c>): skip
    /// <paramref name="start"/>, take <paramref name="length"/>, only those of <paramref name="resource"/> if given.
    /// </summary>
    public async Task<ActionPage> ListAsync(int start = 0, int length = 50, string? resource = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var path = string.Create(CultureInfo.InvariantCulture, $"actions?start={start}&length={length}")
                   + (string.IsNullOrEmpty(resource) ? "" : "&resource=" + Uri.EscapeDataString(resource));
        return await _client.SendAsync(HttpMethod.Get, path, EcsJsonContext.Wire.ActionPage, ct: cancellationToken);
    }

    /// <summary>Every action (of <paramref name="resource"/>, if given), newest first, fetched a page at a time.</summary>
    public async IAsyncEnumerable<EcsAction> ListAllAsync(string? resource = null, int pageSize = 100,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        for (var start = 0; ; start += pageSize)
        {
            var page = await ListAsync(start, pageSize, resource, cancellationToken);
            foreach (var action in page.Actions) yield return action;
            if (page.Actions.Count < pageSize || start + page.Actions.Count >= page.TotalActions) yield break;
        }
    }

    /// <summary>One action (<c>GET /actions/{id}</c>).</summary>
    public async Task<EcsAction> GetAsync(long id, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"actions/{id}"), EcsJsonContext.Wire.ActionEnvelope,
            ct: cancellationToken)).Action ?? throw EcsClient.Missing("action", "GET /actions/{id}");
}
