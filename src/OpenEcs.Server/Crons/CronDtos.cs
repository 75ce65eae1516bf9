using System.Text.Json.Serialization;
using OpenEcs.Core.Crons;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Crons;

public sealed record CronInfosDto(int MaxRetention, int DayOfWeek, int Hour, int Minute);

/// <summary>The docs' cron; <c>last_run_message</c> (what the last run did) is an OpenECS extra.</summary>
public sealed record CronDto(
    string Name, string Schedule, bool Enabled, string? LastRunAt, CronInfosDto Infos, string? LastRunStatus, string? LastRunMessage,
    string NextRunAt);

public sealed record CronResponse(CronDto Cron, string Status = "ok");

public sealed record CronConfig(string? Typology, int? MaxRetention, int? DayOfWeek, int? Hour, int? Minute, string? Schedule);

public sealed record CreateCronRequest(string? Type, CronConfig? Config) : JsonBody<CreateCronRequest, CronsJson>;

/// <summary>The docs send the fields at the top level; a <c>config</c> object (the create's form) is read too.</summary>
public sealed record UpdateCronRequest(bool? Enabled, int? MaxRetention, int? DayOfWeek, int? Hour, int? Minute, string? Schedule, CronConfig? Config)
    : JsonBody<UpdateCronRequest, CronsJson>;

public static class CronMapping
{
    public static CronDto ToDto(this SnapshotSchedule c) => new(
        c.Name, c.Expression, c.Enabled, WireJson.Timestamp(c.LastRunAt), new CronInfosDto(c.MaxRetention, c.DayOfWeek, c.Hour, c.Minute),
        c.LastRunStatus, c.LastRunMessage, WireJson.Timestamp(c.NextRunAt));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(CronResponse))]
[JsonSerializable(typeof(CreateCronRequest))]
[JsonSerializable(typeof(UpdateCronRequest))]
public sealed partial class CronsJson : JsonSerializerContext, IWireContext<CronsJson>
{
    public static CronsJson Wire { get; } = new(WireJson.CreateOptions());
}
