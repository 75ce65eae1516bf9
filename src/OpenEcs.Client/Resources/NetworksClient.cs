using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>
/// Private networks (<c>/networks</c>) and the VLANs of servers on them (<c>/servers/{name}/networks/{network}/vlans</c>).
/// The first VLAN of a server on a network adds its interface and removing the last one removes it: both reboot the server.
/// </summary>
public sealed class NetworksClient
{
    private readonly EcsClient _client;

    internal NetworksClient(EcsClient client) => _client = client;

    /// <summary>The account's active networks (<c>GET /networks</c>).</summary>
    public async Task<IReadOnlyList<Network>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "networks", EcsJsonContext.Wire.NetworkListEnvelope, ct: cancellationToken)).Networks ?? [];

    /// <summary>One network (<c>GET /networks/{name}</c>).</summary>
    public async Task<Network> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, $"networks/{EcsClient.Segment(name)}", EcsJsonContext.Wire.NetworkEnvelope, ct: cancellationToken)).Network
        ?? throw EcsClient.Missing("network", "GET /networks/{name}");

    /// <summary>A new network (<c>POST /networks</c>).</summary>
    public async Task<Network> CreateAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Post, "networks", EcsJsonContext.Wire.NetworkEnvelope, ct: cancellationToken)).Network
        ?? throw EcsClient.Missing("network", "POST /networks");

    /// <summary>Deletes a network (<c>DELETE /networks/{name}</c>); refused (a conflict) while servers have VLANs on it.</summary>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Delete, $"networks/{EcsClient.Segment(name)}", EcsJsonContext.Wire.NetworkEnvelope, ct: cancellationToken);

    /// <summary>The VLANs of a server on a network (<c>GET .../vlans</c>); empty when it has no interface there.</summary>
    public async Task<IReadOnlyList<Vlan>> ListVlansAsync(string server, string network, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, Path(server, network), EcsJsonContext.Wire.VlanListEnvelope, ct: cancellationToken)).Vlans ?? [];

    /// <summary>Adds VLANs (<c>POST .../vlans</c>); wait for the <c>add_vlan</c> action.</summary>
    public Task<VlanChange> AddVlansAsync(string server, string network, VlanRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _client.SendAsync(HttpMethod.Post, Path(server, network), EcsJsonContext.Wire.VlanChange,
            Body.Of(request, EcsJsonContext.Wire.VlanRequest), ct: cancellationToken);
    }

    /// <summary>Makes a VLAN the PVID, or not (<c>PATCH .../vlans/{vlan_id}</c>); wait for the <c>update_vlan</c> action.</summary>
    public Task<VlanChange> SetPvidAsync(string server, string network, int vlanId, bool pvid = true, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Patch, $"{Path(server, network)}/{vlanId.ToString(CultureInfo.InvariantCulture)}", EcsJsonContext.Wire.VlanChange,
            Body.Of(new VlanRequest { Pvid = pvid }, EcsJsonContext.Wire.VlanRequest), ct: cancellationToken);

    /// <summary>Removes the VLANs <paramref name="first"/> to <paramref name="last"/> (<c>DELETE .../vlans/{a}-{b}</c>); wait for <c>delete_vlan</c>.</summary>
    public Task<VlanChange> DeleteVlansAsync(string server, string network, int first, int? last = null, CancellationToken cancellationToken = default)
    {
        var range = last is { } l && l != first ? $"{first.ToString(CultureInfo.InvariantCulture)}-{l.ToString(CultureInfo.InvariantCulture)}"
            : first.ToString(CultureInfo.InvariantCulture);
        return _client.SendAsync(HttpMethod.Delete, $"{Path(server, network)}/{range}", EcsJsonContext.Wire.VlanChange, ct: cancellationToken);
    }

    private static string Path(string server, string network) =>
        $"servers/{EcsClient.Segment(server)}/networks/{EcsClient.Segment(network)}/vlans";
}
