using System.Text.Json.Serialization;
using OpenEcs.Core.Hosts;
using OpenEcs.Server.Contracts;
using OpenEcs.Server.Emulator;

namespace OpenEcs.Server.Hosts;

public sealed record HypervisorHostDto(
    string Name, string Region, string Status, bool Cordoned, bool Revoked, int Servers,
    HostSizeDto Capacity, HostSizeDto Allocated, string JoinedAt, string? LastHeartbeat);
public sealed record HostSizeDto(int Cpu, int RamMb, int DiskGb, int Gpu);
public sealed record HostListResponse(IReadOnlyList<HypervisorHostDto> Hosts, string Status = "ok");
public sealed record HostResponse(HypervisorHostDto Host, string Status = "ok");
public sealed record HostForgottenResponse(string Host, int ServersDeleted, string Status = "ok");

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(HostListResponse))]
[JsonSerializable(typeof(HostResponse))]
[JsonSerializable(typeof(HostForgottenResponse))]
public sealed partial class HostsJson : JsonSerializerContext, IWireContext<HostsJson>
{
    public static HostsJson Wire { get; } = new(WireJson.CreateOptions());
}

/// <summary>
/// The admin's view of the hypervisor hosts (Kind=agents), under the operator area /_openecs/hosts whether or not the
/// emulator controls are on: list, revoke (its agent is cut off at once), cordon and uncordon, forget.
/// </summary>
public static class HostsEndpoints
{
    public static IEndpointRouteBuilder MapHostsEndpoints(this IEndpointRouteBuilder app)
    {
        var hosts = app.MapGroup("/_openecs/hosts").WithTags("Hosts").RequireAuthorization(EmulatorEndpoints.AdminPolicy);
        hosts.MapGet("", ListAsync).WithSummary("Every hypervisor host: status, capacity and what its servers take");
        hosts.MapPost("/{name}/revoke", RevokeAsync).WithSummary("Refuse the host's credential from now on; it cannot join again under this name");
        hosts.MapPost("/{name}/cordon", (string name, HostService s, CancellationToken ct) => CordonAsync(name, true, s, ct))
            .WithSummary("No new servers on the host; those on it keep running");
        hosts.MapPost("/{name}/uncordon", (string name, HostService s, CancellationToken ct) => CordonAsync(name, false, s, ct));
        hosts.MapPost("/{name}/forget", ForgetAsync)
            .WithSummary("A down host that will not return, and its servers with it (deleted in the store, their actions failed)");
        return app;
    }

    private static async Task<WireResult<HostListResponse>> ListAsync(HostService hosts, CancellationToken ct) =>
        Wire.Ok(new HostListResponse((await hosts.ListAsync(ct)).Select(ToDto).ToList()), HostsJson.Wire.HostListResponse);

    private static async Task<WireResult<HostResponse>> RevokeAsync(string name, HostService hosts, AgentConnections agents, CancellationToken ct)
    {
        var revoked = await hosts.RevokeAsync(name, ct);
        agents.Drop(name);
        return await OneAsync(revoked, hosts, ct);
    }

    private static async Task<WireResult<HostForgottenResponse>> ForgetAsync(string name, HostService hosts, CancellationToken ct) =>
        Wire.Ok(new HostForgottenResponse(name, await hosts.ForgetAsync(name, ct)), HostsJson.Wire.HostForgottenResponse);

    private static async Task<WireResult<HostResponse>> CordonAsync(string name, bool cordoned, HostService hosts, CancellationToken ct)
    {
        var changed = await hosts.CordonAsync(name, cordoned, ct);
        return await OneAsync(changed, hosts, ct);
    }

    // The host as the change left it: not the whole list read again (and not a 500 if another admin forgot it meanwhile).
    private static async Task<WireResult<HostResponse>> OneAsync(HypervisorHost host, HostService hosts, CancellationToken ct) =>
        Wire.Ok(new HostResponse(ToDto(await hosts.ViewAsync(host, ct))), HostsJson.Wire.HostResponse);

    public static HypervisorHostDto ToDto(HostView v) => new(
        v.Host.Name, v.Host.Region, v.ShownStatus, v.Host.Cordoned, v.Host.Revoked, v.Used.Servers,
        new HostSizeDto(v.Host.Cpu, v.Host.RamMb, v.Host.DiskGb, v.Host.Gpu), new HostSizeDto(v.Used.Cpu, v.Used.RamMb, v.Used.DiskGb, v.Used.Gpu),
        WireJson.Timestamp(v.Host.JoinedAt), v.Host.LastHeartbeat is { } beat ? WireJson.Timestamp(beat) : null);
}
