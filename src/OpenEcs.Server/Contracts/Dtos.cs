using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Server.Contracts;

// Wire shapes of the ECS v2 API. Key names come from the snake_case policy of EcsJsonContext; types follow
// CONTRACT.md exactly (sizes as strings, prices as numbers, timestamps as RFC 3339 strings or null).

public sealed record PlanSizeDto(string Core, string Ram, string Disk, string Gpu, string? GpuLabel, string HostType);

public sealed record ServerDto(
    string Name, string Ipv4, string Ipv6, string? Group, string Plan, PlanSizeDto PlanSize,
    IReadOnlyList<string> ReservedPlans, string? LastRestoredSnapshot, bool IsReserved, string ReservedUntil,
    string? Support, string Location, string LocationLabel, string Notes, string So, string SoLabel,
    string CreationDate, string? DeletionDate, bool ActiveFlag, string Status, int Progress,
    string ApiVersion, int ApiVersionValue, string User, string Virttype,
    // An OpenECS extra (not in the Seeweb contract): the host port forwarded to the guest's SSH under QEMU user-mode networking.
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    int? SshPort = null);

public sealed record ActionDto(
    long Id, string Status, string User, string CreatedAt, string? StartedAt, string? CompletedAt,
    string Resource, string ResourceType, string Type, int Progress, string? Message);

/// <summary>Images and templates share one shape.</summary>
public sealed record ImageDto(
    long Id, string Name, string CreationDate, string? DeletionDate, bool ActiveFlag, string Status, string Uuid,
    string Description, string Notes, bool Public, bool CloudImage, string SoBase, int RequiredDisk,
    string ApiVersion, int ApiVersionValue, string Version);

public sealed record RegionDto(int Id, string Location, string Description);

public sealed record PlanDto(
    int Id, string Name, string Cpu, string Ram, string Disk, string Gpu, string? GpuLabel, double HourlyPrice,
    double MontlyPrice, bool Windows, string HostType, bool Available, string? DefaultImage,
    IReadOnlyList<RegionDto> AvailableRegions);

public sealed record HostServerDto(string Name, string Notes);
public sealed record HostDto(string Host, IReadOnlyList<HostServerDto> Servers);
public sealed record RegionHostsDto(string Region, IReadOnlyList<HostDto> Hosts);

public sealed record PlanAvailabilityDto(
    int Id, string Name, string Cpu, string Ram, string Disk, string Gpu, string? GpuLabel, double HourlyPrice,
    double MontlyPrice, bool Windows, string HostType, bool Available, IReadOnlyList<RegionDto> AvailableRegions,
    IReadOnlyList<ImageDto> OsAvailables, IReadOnlyList<RegionHostsDto> RegionAvailables);

public sealed record GroupDto(long Id, string Name, string Notes, bool Enabled);
public sealed record SshKeyDto(long Id, string Label, string Key, string CreatedAt);
public sealed record ApiKeyDto(long Id, string Notes, string CreatedAt);

// Envelopes
public sealed record OkResponse(string Status = "ok");
public sealed record ErrorResponse(string Status, int ErrorCode, string Message, string? RequestId);
public sealed record LoginResponse(string Token, long Expire, string Status = "ok");
public sealed record ServerListResponse(int Count, IReadOnlyList<ServerDto> Server, string Status = "ok");
public sealed record ServerResponse(ServerDto Server, string Status = "ok");
public sealed record ServerCreatedResponse(long ActionId, ServerDto Server, string Status = "ok");
public sealed record ActionResponse(ActionDto Action, string Status = "ok");
public sealed record ActionListResponse(IReadOnlyList<ActionDto> Actions, int TotalActions, string Status = "ok");
public sealed record PowerStatus(string Name, string CurrentStatus);
/// <summary>Seed form (flat) and client form (nested) at once.</summary>
public sealed record ServerStatusResponse(string Name, string CurrentStatus, PowerStatus Server, string Status = "ok");
public sealed record TemplateListResponse(IReadOnlyList<ImageDto> Templates, string Status = "ok");
public sealed record TemplateResponse(ImageDto Template, string Status = "ok");
public sealed record TemplateCreatedResponse(long ActionId, ImageDto Template, string Status = "ok");
public sealed record ImageListResponse(IReadOnlyList<ImageDto> Images, string Status = "ok");
public sealed record RegionListResponse(IReadOnlyList<RegionDto> Regions, string Status = "ok");
public sealed record AvailableRegionsResponse(IReadOnlyList<IReadOnlyList<string>> Regions, string Status = "ok");
public sealed record PlanListResponse(IReadOnlyList<PlanDto> Plans, string Status = "ok");
public sealed record PlanAvailabilityResponse(IReadOnlyList<PlanAvailabilityDto> Plans, string Status = "ok");
public sealed record GroupListResponse(IReadOnlyList<GroupDto> Groups, string Status = "ok");
public sealed record GroupResponse(GroupDto Group, string Status = "ok");
public sealed record SshKeyListResponse(IReadOnlyList<SshKeyDto> Pubkeys, string Status = "ok");
public sealed record SshKeyResponse(SshKeyDto Pubkey, string Status = "ok");
public sealed record ApiKeyCreatedResponse(string Token, long Id, string Status = "ok");
public sealed record AccountResponse(
    string Username, string Email, bool ReservedAvailable, bool OfflineAvailable, int EcsSpecialDiscount,
    int EcshmSpecialDiscount, int EcsgpuSpecialDiscount, string Status = "ok");

/// <summary>
/// The answer to POST /servers/{name}/actions: the action's own fields at the top level (clients that parse a bare
/// action) and under "action" (the seed's form); console actions add console_key.
/// </summary>
public sealed record ServerActionResponse(
    long Id, string Status, string User, string CreatedAt, string? StartedAt, string? CompletedAt, string Resource,
    string ResourceType, string Type, int Progress, ActionDto Action,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConsoleKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ConsoleUrl);


// Metrics: the seed's [unix seconds, "value"] points, or {t, y} points on request.
[JsonConverter(typeof(SeedPointConverter))]
public readonly record struct SeedPoint(double UnixSeconds, string Value);
public sealed record TyPoint(string T, string Y);
public sealed record DiskSeries<TPoint>(IReadOnlyList<TPoint> Reads, IReadOnlyList<TPoint> Writes);
public sealed record NetworkSeries<TPoint>(IReadOnlyList<TPoint> Received, IReadOnlyList<TPoint> Transmitted);
public sealed record MetricsDto<TPoint>(string Resource, IReadOnlyList<TPoint> Core, DiskSeries<TPoint> Disk, NetworkSeries<TPoint> Network);
public sealed record MetricsResponse<TPoint>(MetricsDto<TPoint> Metrics, string Status = "ok");

public sealed class SeedPointConverter : JsonConverter<SeedPoint>
{
    public override SeedPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("a metrics point is [seconds, \"value\"]");
        reader.Read();
        var t = reader.GetDouble();
        reader.Read();
        var v = reader.GetString() ?? "";
        reader.Read();
        return new SeedPoint(t, v);
    }

    public override void Write(Utf8JsonWriter writer, SeedPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.UnixSeconds);
        writer.WriteStringValue(value.Value);
        writer.WriteEndArray();
    }
}
