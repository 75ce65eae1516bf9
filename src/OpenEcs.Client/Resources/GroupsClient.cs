using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Server groups (<c>/groups</c>), named by id or name. Move servers in and out with <c>Servers.UpdateAsync</c>.</summary>
public sealed class GroupsClient
{
    private readonly EcsClient _client;

    internal GroupsClient(EcsClient client) => _client = client;

    /// <summary>The account's groups (<c>GET /groups</c>).</summary>
    public async Task<IReadOnlyList<Group>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "groups", EcsJsonContext.Wire.GroupListEnvelope, ct: cancellationToken)).Groups ?? [];

    /// <summary>One group (<c>GET /groups/{id}</c>).</summary>
    public async Task<Group> GetAsync(string idOrName, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, $"groups/{EcsClient.Segment(idOrName)}", EcsJsonContext.Wire.GroupEnvelope, ct: cancellationToken)).Group
        ?? throw EcsClient.Missing("group", "GET /groups/{id}");

    /// <summary>
    /// Creates a group (<c>POST /groups</c>). With a <paramref name="password"/>, the group's name and that password
    /// log in to a view of the group's servers only.
    /// </summary>
    public async Task<Group> CreateAsync(string notes, string? password = null, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Post, "groups", EcsJsonContext.Wire.GroupEnvelope,
            Body.Of(new CreateGroupBody(notes ?? "", password), EcsJsonContext.Wire.CreateGroupBody), ct: cancellationToken)).Group
        ?? throw EcsClient.Missing("group", "POST /groups");

    /// <summary>Deletes an empty group (<c>DELETE /groups/{id}</c>); <see cref="EcsConflictException"/> while it holds servers.</summary>
    public async Task DeleteAsync(string idOrName, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Delete, $"groups/{EcsClient.Segment(idOrName)}", EcsJsonContext.Wire.StatusEnvelope, ct: cancellationToken);
}
