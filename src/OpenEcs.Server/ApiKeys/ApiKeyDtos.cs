using System.Text.Json.Serialization;
using OpenEcs.Core.ApiKeys;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.ApiKeys;

public sealed record ApiKeyDto(long Id, string Notes, string CreatedAt);
public sealed record ApiKeyCreatedResponse(string Token, long Id, string Status = "ok");
public sealed record ApiKeyRequest(string? Notes) : JsonBody<ApiKeyRequest, ApiKeysJson>;

public static class ApiKeyMapping
{
    public static ApiKeyDto ToDto(this ApiKey k) => new(k.Id, k.Notes, WireJson.Timestamp(k.CreatedAt));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(List<ApiKeyDto>))]
[JsonSerializable(typeof(ApiKeyCreatedResponse))]
[JsonSerializable(typeof(ApiKeyRequest))]
public sealed partial class ApiKeysJson : JsonSerializerContext, IWireContext<ApiKeysJson>
{
    public static ApiKeysJson Wire { get; } = new(WireJson.CreateOptions());
}
