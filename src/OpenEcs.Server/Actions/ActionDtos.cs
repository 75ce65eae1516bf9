using System.Text.Json.Serialization;
using OpenEcs.Core.Actions;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Actions;

public sealed record ActionDto(
    long Id, string Status, string User, string CreatedAt, string? StartedAt, string? CompletedAt,
    string Resource, string ResourceType, string Type, int Progress, string? Message);

public sealed record ActionResponse(ActionDto Action, string Status = "ok");
public sealed record ActionListResponse(IReadOnlyList<ActionDto> Actions, int TotalActions, string Status = "ok");

public static class ActionMapping
{
    public static ActionDto ToDto(this EcsAction a) => new(
        a.Id, a.Status, a.Username, WireJson.Timestamp(a.CreatedAt), WireJson.Timestamp(a.StartedAt),
        WireJson.Timestamp(a.CompletedAt), a.Resource, a.ResourceType, a.Type, a.Progress, a.Message);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(ActionListResponse))]
public sealed partial class ActionsJson : JsonSerializerContext, IWireContext<ActionsJson>
{
    public static ActionsJson Wire { get; } = new(WireJson.CreateOptions());
}
