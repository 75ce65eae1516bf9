using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEcs.Core;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Server.Actions;
using OpenEcs.Server.AuditLogs;
using OpenEcs.Server.Reservations;
using OpenEcs.Server.Support;
using OpenEcs.Server.Catalog;
using OpenEcs.Server.Contracts;
using OpenEcs.Server.Snapshots;

namespace OpenEcs.Server.Servers;

// Types follow CONTRACT.md exactly: sizes as strings, prices as numbers, timestamps as RFC 3339 strings or null.

public sealed record PlanSizeDto(string Core, string Ram, string Disk, string Gpu, string? GpuLabel, string HostType);

public sealed record ServerDto(
    string Name, string Ipv4, string Ipv6, string? Group, string Plan, PlanSizeDto PlanSize,
    IReadOnlyList<ReservedPlanDto> ReservedPlans, SnapshotDto? LastRestoredSnapshot, bool IsReserved, string ReservedUntil,
    SupportDto? Support, string Location, string LocationLabel, string Notes, string So, string SoLabel,
    string CreationDate, string? DeletionDate, bool ActiveFlag, string Status, int Progress,
    string ApiVersion, int ApiVersionValue, string User, string Virttype,
    // An OpenECS extra (not in the Seeweb contract): the host port forwarded to the guest's SSH under QEMU user-mode networking.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? SshPort = null,
    // An OpenECS extra of a control plane (Kind=agents): up, down or cordoned, the state of the host the server is on.
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? HostStatus = null);

public sealed record ServerListResponse(int Count, IReadOnlyList<ServerDto> Server, string Status = "ok");
public sealed record ServerResponse(ServerDto Server, string Status = "ok");
public sealed record ServerCreatedResponse(long ActionId, ServerDto Server, string Status = "ok") : IAuditTarget
{
    [JsonIgnore] public string AuditTarget => Server.Name;
}
public sealed record PowerStatus(string Name, string CurrentStatus);
/// <summary>Seed form (flat) and client form (nested) at once.</summary>
public sealed record ServerStatusResponse(string Name, string CurrentStatus, PowerStatus Server, string Status = "ok");

/// <summary>
/// The answer to POST /servers/{name}/actions: the action's own fields at the top level (clients that parse a bare
/// action) and under "action" (the seed's form); console actions add console_key.
/// </summary>
public sealed record ServerActionResponse(
    long Id, string Status, string User, string CreatedAt, string? StartedAt, string? CompletedAt, string Resource,
    string ResourceType, string Type, int Progress, string? Message, ActionDto Action,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConsoleKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConsoleUrl)
{
    public static ServerActionResponse Of(EcsAction a, string? consoleKey = null, string? consoleUrl = null)
    {
        var dto = a.ToDto();
        return new(dto.Id, dto.Status, dto.User, dto.CreatedAt, dto.StartedAt, dto.CompletedAt, dto.Resource, dto.ResourceType,
            dto.Type, dto.Progress, dto.Message, dto, consoleKey, consoleUrl);
    }
}

/// <summary>
/// <c>user_customize</c> is a library script's id (a number, the docs' form) or the script's text;
/// <c>user_customize_env</c> holds NAME=value lines for the script: a secret, never returned.
/// </summary>
public sealed record CreateServerRequest(
    string? Plan, string? Location, string? Image, string? Notes,
    string? SshKey, string? Group, JsonElement? UserCustomize, string? UserCustomizeEnv = null) : JsonBody<CreateServerRequest, ServersJson>
{
    // The account side of a create (support, reserved period, isolation) and the private networks it joins.
    public string? Support { get; init; }
    public string? ReservedPlan { get; init; }
    public IReadOnlyList<string>? IsolateFrom { get; init; }
    public JsonElement? Networks { get; init; }
    /// <summary>The password of the image's default user (only its SHA-512 crypt hash is kept).</summary>
    public string? Password { get; init; }

    public ServerTerms Terms() => new(
        Fields.Limited(Support, "support", 32), Fields.Limited(ReservedPlan, "reserved_plan", 40),
        (IsolateFrom ?? []).Select(n => Fields.Limited(n, "isolate_from", 64)!).ToList());
}

/// <summary>The seed spells it "note", the clients "notes": both are taken.</summary>
public sealed record UpdateServerRequest(string? Notes, string? Note, string? Group) : JsonBody<UpdateServerRequest, ServersJson>;

public sealed record ServerActionRequest(string? Type, [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long? Snapshot)
    : JsonBody<ServerActionRequest, ServersJson>;

public static class ServerMapping
{
    // hosts: host name to status (a control plane's); empty or null: no host_status field.
    public static ServerDto ToDto(this Core.Servers.Server s, PlanCatalog catalog, IReadOnlyDictionary<string, string>? hosts = null)
    {
        var plan = catalog.FindPlan(s.Plan);
        var image = catalog.FindImage(s.Image);
        return new ServerDto(
            Name: s.Name, Ipv4: s.Ipv4, Ipv6: s.Ipv6, Group: s.Group?.Name, Plan: s.Plan,
            PlanSize: new PlanSizeDto(WireJson.Number(plan?.Cpu ?? 0), WireJson.Number(plan?.RamMb ?? 0),
                WireJson.Number(plan?.DiskGb ?? 0), WireJson.Number(plan?.Gpu ?? 0), plan?.GpuLabel, plan?.HostType ?? "ECS"),
            ReservedPlans: s.Reservations.Select(r => r.ToDto()).ToList(), LastRestoredSnapshot: s.LastRestoredSnapshot?.ToDto(s.LastRestoredSnapshotId),
            IsReserved: s.Reservations.Count > 0,
            ReservedUntil: s.Reservations.Count > 0 ? WireJson.Timestamp(s.Reservations.Max(r => r.End)) : "",
            Support: s.ToSupportDto(catalog),
            Location: s.Location, LocationLabel: catalog.FindRegion(s.Location)?.Description ?? s.Location,
            Notes: s.Notes, So: s.Image, SoLabel: image?.Description ?? s.Image,
            CreationDate: WireJson.Timestamp(s.CreationDate), DeletionDate: WireJson.Timestamp(s.DeletionDate),
            ActiveFlag: s.ActiveFlag, Status: s.Status, Progress: s.Progress,
            ApiVersion: CatalogMapping.ApiVersion, ApiVersionValue: CatalogMapping.ApiVersionValue, User: s.Username, Virttype: "KVM",
            SshPort: s.SshPort,
            HostStatus: hosts is { Count: > 0 } && s.Host is { } host ? hosts.GetValueOrDefault(host, Core.Hosts.HostStatus.Down) : null);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(ServerListResponse))]
[JsonSerializable(typeof(ServerResponse))]
[JsonSerializable(typeof(ServerCreatedResponse))]
[JsonSerializable(typeof(ServerStatusResponse))]
[JsonSerializable(typeof(ServerActionResponse))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(CreateServerRequest))]
[JsonSerializable(typeof(UpdateServerRequest))]
[JsonSerializable(typeof(ServerActionRequest))]
public sealed partial class ServersJson : JsonSerializerContext, IWireContext<ServersJson>
{
    public static ServersJson Wire { get; } = new(WireJson.CreateOptions());
}
