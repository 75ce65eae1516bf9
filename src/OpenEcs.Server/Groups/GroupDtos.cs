using System.Text.Json.Serialization;
using OpenEcs.Core.Groups;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Groups;

public sealed record GroupDto(long Id, string Name, string Notes, bool Enabled);
public sealed record GroupListResponse(IReadOnlyList<GroupDto> Groups, string Status = "ok");
public sealed record GroupResponse(GroupDto Group, string Status = "ok");
public sealed record CreateGroupRequest(string? Notes, string? Password) : JsonBody<CreateGroupRequest, GroupsJson>;

public static class GroupMapping
{
    public static GroupDto ToDto(this ServerGroup g) => new(g.Id, g.Name, g.Notes, g.Enabled);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(GroupListResponse))]
[JsonSerializable(typeof(GroupResponse))]
[JsonSerializable(typeof(CreateGroupRequest))]
public sealed partial class GroupsJson : JsonSerializerContext, IWireContext<GroupsJson>
{
    public static GroupsJson Wire { get; } = new(WireJson.CreateOptions());
}
