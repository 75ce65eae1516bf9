using System.Globalization;
using System.Text.Json.Serialization;
using OpenEcs.Core.AuditLogs;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.AuditLogs;

/// <summary>A log row in the docs' shape. <c>location</c> (IP geolocation) and <c>extra_data</c> are always null here.</summary>
public sealed record LogDto(
    long Id, string Actor, string Action, string Severity, string Status, string? TargetType, string? Target, string CreatedAt,
    string? IpAddress, string? UserAgent, string? Url, string? Location, string? ResultType, string? Result, string? Description,
    string? ExtraData);

public sealed record LogListResponse(int TotalLogs, IReadOnlyList<LogDto> Logs, string Status = "ok");

/// <summary>A response that names the resource a call created, for its log row.</summary>
public interface IAuditTarget
{
    string AuditTarget { get; }
}

public static class AuditLogMapping
{
    public static LogDto ToDto(this AuditLog l) => new(
        l.Id, l.Actor, l.Action, l.Severity, l.Status, l.TargetType, l.Target, WireJson.Timestamp(l.CreatedAt), l.IpAddress,
        l.UserAgent, l.Url, Location: null, ResultType: l.Result is null ? null : "http_status",
        Result: l.Result?.ToString(CultureInfo.InvariantCulture), l.Description, ExtraData: null);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(LogDto))]
[JsonSerializable(typeof(LogListResponse))]
public sealed partial class AuditLogsJson : JsonSerializerContext, IWireContext<AuditLogsJson>
{
    public static AuditLogsJson Wire { get; } = new(WireJson.CreateOptions());
}
