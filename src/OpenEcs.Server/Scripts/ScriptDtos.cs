using System.Text.Json.Serialization;
using OpenEcs.Core.Scripts;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Scripts;

public sealed record ScriptDto(long Id, string User, string Title, string Content, bool Windows, bool Public, string? Category);

public sealed record ScriptListResponse(IReadOnlyList<ScriptDto> Scripts, string Status = "ok");
public sealed record ScriptResponse(ScriptDto Script, string Status = "ok");

/// <summary>Create and update alike; on update every field is optional (PUT and PATCH are partial, as ecsapi sends nulls).</summary>
public sealed record ScriptRequest(string? Title, string? Content, bool? Windows, bool? Public) : JsonBody<ScriptRequest, ScriptsJson>;

public static class ScriptMapping
{
    public static ScriptDto ToDto(this CloudScript s) => new(s.Id, s.Username, s.Title, s.Content, s.Windows, s.Public, s.Category);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(ScriptListResponse))]
[JsonSerializable(typeof(ScriptResponse))]
[JsonSerializable(typeof(ScriptRequest))]
public sealed partial class ScriptsJson : JsonSerializerContext, IWireContext<ScriptsJson>
{
    public static ScriptsJson Wire { get; } = new(WireJson.CreateOptions());
}
