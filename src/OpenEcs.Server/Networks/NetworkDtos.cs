using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEcs.Core;
using OpenEcs.Core.Networks;
using OpenEcs.Server.Actions;
using OpenEcs.Server.AuditLogs;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Networks;

/// <summary>The docs' network; <c>user</c> is the owner's login.</summary>
public sealed record NetworkDto(long Id, long NetworkId, string Name, bool Active, string CreatedAt, string? DeactivatedAt, string User);

public sealed record NetworkListResponse(IReadOnlyList<NetworkDto> Networks, string Status = "ok");
public sealed record NetworkResponse(NetworkDto Network, string Status = "ok");
public sealed record NetworkCreatedResponse(NetworkDto Network, string Status = "created") : IAuditTarget
{
    [JsonIgnore] public string AuditTarget => Network.Name;
}
public sealed record NoContentResponse(string Status = "no_content");

/// <summary>A VLAN as the list shows it: with its interface's MAC, network and server.</summary>
public sealed record VlanDto(
    long Id, int VlanId, bool Pvid, string Status, bool Active, string CreatedAt, string? DeactivatedAt, string MacAddress,
    string Network, string Server);

/// <summary>A VLAN as an update answers it (the docs add the user).</summary>
public sealed record UpdatedVlanDto(
    long Id, string Server, string Network, int VlanId, string Status, bool Active, string CreatedAt, string? DeactivatedAt,
    string MacAddress, bool Pvid, string User);

public sealed record VlanListResponse(IReadOnlyList<VlanDto> Vlans, string Status = "ok");
/// <summary>add_vlan answers "creating", delete_vlan "deleting".</summary>
public sealed record VlanActionResponse(string Status, ActionDto Action);
public sealed record VlanUpdatedResponse(UpdatedVlanDto Vlan, ActionDto Action, string Status = "updating");

/// <summary><c>{vlan_id, pvid}</c> or <c>{"vlans": "1-100"}</c>.</summary>
public sealed record AddVlanRequest(int? VlanId, bool? Pvid, string? Vlans) : JsonBody<AddVlanRequest, NetworksJson>;
/// <summary>A create takes no fields; a body, when sent, is still read as one (size, JSON, NUL).</summary>
public sealed record CreateNetworkRequest : JsonBody<CreateNetworkRequest, NetworksJson>;
public sealed record UpdateVlanRequest(bool? Pvid) : JsonBody<UpdateVlanRequest, NetworksJson>;

public static class NetworkMapping
{
    /// <summary>The docs' form for these resources: milliseconds and Z.</summary>
    public static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static NetworkDto ToDto(this Network n) =>
        new(n.Id, n.Number, n.Name, n.Active, Time(n.CreatedAt), n.DeactivatedAt is { } d ? Time(d) : null, n.Username);

    public static VlanDto ToDto(this Vlan v, ServerInterface i) =>
        new(v.Id, v.VlanId, v.Pvid, v.Status, v.Status != VlanStatus.Deleting, Time(v.CreatedAt), null, i.MacAddress, i.NetworkName, i.ServerName);

    public static UpdatedVlanDto ToUpdatedDto(this Vlan v, ServerInterface i, string user) =>
        new(v.Id, i.ServerName, i.NetworkName, v.VlanId, v.Status, true, Time(v.CreatedAt), null, i.MacAddress, v.Pvid, user);

    public static VlanRequest ToRequest(this AddVlanRequest r) =>
        new(r.VlanId, r.Pvid, Fields.Limited(r.Vlans, "vlans", 4096));

    /// <summary>
    /// <c>networks</c> of a server create: a list of <c>{name, vlans: [{vlan_id, pvid} | {vlans: "A-B"}]}</c> (the docs'
    /// form) or of bare names (the base VLAN each).
    /// </summary>
    public static IReadOnlyList<NetworkRequest> CreateRequests(JsonElement? networks)
    {
        if (networks is not { } list || list.ValueKind == JsonValueKind.Null) return [];
        if (list.ValueKind != JsonValueKind.Array) throw Bad("a list of {name, vlans}");
        if (list.GetArrayLength() > 64) throw Bad("at most 64 networks");
        return list.EnumerateArray().Select(item => item.ValueKind switch
        {
            JsonValueKind.String => new NetworkRequest(Fields.Name(item.GetString(), "networks", 16), []),
            JsonValueKind.Object => new NetworkRequest(Fields.Name(String(item, "name") , "networks: name", 16), Vlans(item)),
            _ => throw Bad("each network is {name, vlans} or a network's name"),
        }).ToList();
    }

    private static List<VlanRequest> Vlans(JsonElement network)
    {
        if (!network.TryGetProperty("vlans", out var vlans) || vlans.ValueKind == JsonValueKind.Null) return [];
        if (vlans.ValueKind != JsonValueKind.Array) throw Bad("vlans is a list of {vlan_id, pvid} or {vlans: \"A-B\"}");
        if (vlans.GetArrayLength() > VlanRanges.Max) throw Bad($"at most {VlanRanges.Max} VLAN items");
        return vlans.EnumerateArray().Select(v =>
        {
            if (v.ValueKind != JsonValueKind.Object) throw Bad("each VLAN is {vlan_id, pvid} or {vlans: \"A-B\"}");
            int? id = null;
            if (v.TryGetProperty("vlan_id", out var vid) && vid.ValueKind != JsonValueKind.Null)
                id = vid.ValueKind == JsonValueKind.Number && vid.TryGetInt64(out var n) ? VlanRanges.Check(n) : throw Bad("vlan_id is a number");
            bool? pvid = null;
            if (v.TryGetProperty("pvid", out var p) && p.ValueKind != JsonValueKind.Null)
                pvid = p.ValueKind is JsonValueKind.True or JsonValueKind.False ? p.GetBoolean() : throw Bad("pvid is true or false");
            return new VlanRequest(id, pvid, Fields.Limited(String(v, "vlans"), "vlans", 4096));
        }).ToList();
    }

    private static string? String(JsonElement o, string property) =>
        !o.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString() : throw Bad($"{property} is a string");

    private static EcsException Bad(string what) => EcsException.BadRequest($"networks: {what}");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(NetworkListResponse))]
[JsonSerializable(typeof(NetworkResponse))]
[JsonSerializable(typeof(NetworkCreatedResponse))]
[JsonSerializable(typeof(NoContentResponse))]
[JsonSerializable(typeof(VlanListResponse))]
[JsonSerializable(typeof(VlanActionResponse))]
[JsonSerializable(typeof(VlanUpdatedResponse))]
[JsonSerializable(typeof(AddVlanRequest))]
[JsonSerializable(typeof(UpdateVlanRequest))]
[JsonSerializable(typeof(CreateNetworkRequest))]
public sealed partial class NetworksJson : JsonSerializerContext, IWireContext<NetworksJson>
{
    public static NetworksJson Wire { get; } = new(WireJson.CreateOptions());
}
