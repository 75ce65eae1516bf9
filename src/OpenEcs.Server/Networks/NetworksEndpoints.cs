using OpenEcs.Core.Networks;
using OpenEcs.Core.Tenancy;
using OpenEcs.Server.Actions;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Networks;

public static class NetworksEndpoints
{
    public static IEndpointRouteBuilder MapNetworksEndpoints(this IEndpointRouteBuilder api)
    {
        var networks = api.MapGroup("/networks").WithTags("Networks");
        networks.MapGet("", ListAsync).WithSummary("The account's active private networks");
        networks.MapPost("", CreateAsync).WithSummary("A new private network (no body needed)");
        networks.MapGet("/{network}", GetAsync);
        networks.MapDelete("/{network}", DeleteAsync).WithSummary("Refused while a server has VLANs on it");

        var vlans = api.MapGroup("/servers/{name}/networks/{network}/vlans").WithTags("Networks");
        vlans.MapGet("", ListVlansAsync).WithSummary("The VLANs of the server's interface on the network");
        vlans.MapPost("", AddVlansAsync).WithSummary("add_vlan {vlan_id, pvid} or {vlans: \"A-B\"}; the first one adds the interface (a reboot)");
        vlans.MapGet("/{vlan}", ListRangeAsync).WithSummary("The VLANs of one id or a range A-B");
        vlans.MapPost("/{vlan}", AddRangeAsync).WithSummary("add_vlan of the VLAN or range in the path");
        vlans.MapMethods("/{vlan}", ["PATCH", "PUT"], UpdateVlanAsync).WithSummary("update_vlan {pvid}: a new PVID");
        vlans.MapDelete("/{vlan}", DeleteVlansAsync).WithSummary("delete_vlan of one VLAN or a range A-B; the last one removes the interface (a reboot)");
        return api;
    }

    private static async Task<WireResult<NetworkListResponse>> ListAsync(NetworkService service, CancellationToken ct) =>
        Wire.Ok(new NetworkListResponse((await service.ListAsync(ct)).Select(n => n.ToDto()).ToList()), NetworksJson.Wire.NetworkListResponse);

    private static async Task<WireResult<NetworkCreatedResponse>> CreateAsync(CreateNetworkRequest body, NetworkService service, CancellationToken ct) =>
        Wire.Ok(new NetworkCreatedResponse((await service.CreateAsync(ct)).ToDto()), NetworksJson.Wire.NetworkCreatedResponse);

    private static async Task<WireResult<NetworkResponse>> GetAsync(string network, NetworkService service, CancellationToken ct) =>
        Wire.Ok(new NetworkResponse((await service.GetAsync(network, ct)).ToDto()), NetworksJson.Wire.NetworkResponse);

    private static async Task<WireResult<NoContentResponse>> DeleteAsync(string network, NetworkService service, CancellationToken ct)
    {
        await service.DeleteAsync(network, ct);
        return Wire.Ok(new NoContentResponse(), NetworksJson.Wire.NoContentResponse);
    }

    private static async Task<WireResult<VlanListResponse>> ListVlansAsync(string name, string network, NetworkService service, CancellationToken ct) =>
        await VlansAsync(name, network, VlanRanges.Min, VlanRanges.Max, service, ct);

    private static async Task<WireResult<VlanListResponse>> ListRangeAsync(string name, string network, string vlan, NetworkService service, CancellationToken ct)
    {
        var (start, end) = VlanRanges.Range(vlan, "vlan");
        return await VlansAsync(name, network, start, end, service, ct);
    }

    private static async Task<WireResult<VlanListResponse>> VlansAsync(
        string name, string network, int start, int end, NetworkService service, CancellationToken ct)
    {
        var (iface, list) = await service.ListVlansAsync(name, network, ct);
        return Wire.Ok(new VlanListResponse(list.Where(v => v.VlanId >= start && v.VlanId <= end).Select(v => v.ToDto(iface!)).ToList()),
            NetworksJson.Wire.VlanListResponse);
    }

    private static async Task<WireResult<VlanActionResponse>> AddVlansAsync(
        string name, string network, AddVlanRequest body, NetworkService service, CancellationToken ct) =>
        Answer("creating", await service.AddVlansAsync(name, network, [body.ToRequest()], ct));

    /// <summary>The path names the VLANs; the body may add pvid (for a single one).</summary>
    private static async Task<WireResult<VlanActionResponse>> AddRangeAsync(
        string name, string network, string vlan, AddVlanRequest body, NetworkService service, CancellationToken ct)
    {
        var (start, end) = VlanRanges.Range(vlan, "vlan");
        var item = start == end ? new VlanRequest(start, body.Pvid, null) : new VlanRequest(null, body.Pvid, $"{start}-{end}");
        return Answer("creating", await service.AddVlansAsync(name, network, [item], ct));
    }

    private static async Task<WireResult<VlanUpdatedResponse>> UpdateVlanAsync(
        string name, string network, string vlan, UpdateVlanRequest body, NetworkService service, ITenantAccessor tenants, CancellationToken ct)
    {
        var (start, end) = VlanRanges.Range(vlan, "vlan");
        if (start != end) throw Core.EcsException.BadRequest("an update names one VLAN, not a range");
        var (iface, updated, action) = await service.UpdateVlanAsync(name, network, start, body.Pvid, ct);
        return Wire.Ok(new VlanUpdatedResponse(updated.ToUpdatedDto(iface, tenants.Require().Username), action.ToDto()),
            NetworksJson.Wire.VlanUpdatedResponse);
    }

    private static async Task<WireResult<VlanActionResponse>> DeleteVlansAsync(
        string name, string network, string vlan, NetworkService service, CancellationToken ct)
    {
        var (start, end) = VlanRanges.Range(vlan, "vlan");
        return Answer("deleting", await service.DeleteVlansAsync(name, network, start, end, ct));
    }

    private static WireResult<VlanActionResponse> Answer(string status, Core.Actions.EcsAction action) =>
        Wire.Ok(new VlanActionResponse(status, action.ToDto()), NetworksJson.Wire.VlanActionResponse);
}
