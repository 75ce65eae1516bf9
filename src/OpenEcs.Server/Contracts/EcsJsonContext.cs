using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Server.Contracts;

/// <summary>Source-generated (de)serialization for every wire shape; snake_case keys, nulls written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowDuplicateProperties = false,
    MaxDepth = 32)]
[JsonSerializable(typeof(OkResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(ServerListResponse))]
[JsonSerializable(typeof(ServerResponse))]
[JsonSerializable(typeof(ServerCreatedResponse))]
[JsonSerializable(typeof(ServerStatusResponse))]
[JsonSerializable(typeof(ServerActionResponse))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(ActionListResponse))]
[JsonSerializable(typeof(TemplateListResponse))]
[JsonSerializable(typeof(TemplateResponse))]
[JsonSerializable(typeof(TemplateCreatedResponse))]
[JsonSerializable(typeof(ImageListResponse))]
[JsonSerializable(typeof(RegionListResponse))]
[JsonSerializable(typeof(AvailableRegionsResponse))]
[JsonSerializable(typeof(PlanListResponse))]
[JsonSerializable(typeof(PlanAvailabilityResponse))]
[JsonSerializable(typeof(GroupListResponse))]
[JsonSerializable(typeof(GroupResponse))]
[JsonSerializable(typeof(SshKeyListResponse))]
[JsonSerializable(typeof(SshKeyResponse))]
[JsonSerializable(typeof(ApiKeyCreatedResponse))]
[JsonSerializable(typeof(List<ApiKeyDto>))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(MetricsResponse<SeedPoint>))]
[JsonSerializable(typeof(MetricsResponse<TyPoint>))]
[JsonSerializable(typeof(Emulator.ClockResponse))]
[JsonSerializable(typeof(Emulator.FaultListResponse))]
[JsonSerializable(typeof(Emulator.HealthResponse))]
[JsonSerializable(typeof(Emulator.AccountCreatedResponse))]
[JsonSerializable(typeof(Emulator.AccountListResponse))]
[JsonSerializable(typeof(Emulator.MemoryResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(CreateServerRequest))]
[JsonSerializable(typeof(UpdateServerRequest))]
[JsonSerializable(typeof(ServerActionRequest))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(UpdateTemplateRequest))]
[JsonSerializable(typeof(CreateGroupRequest))]
[JsonSerializable(typeof(SshKeyRequest))]
[JsonSerializable(typeof(ApiKeyRequest))]
[JsonSerializable(typeof(PasswordRequest))]
[JsonSerializable(typeof(AvailableRegionsRequest))]
[JsonSerializable(typeof(CreateAccountRequest))]
[JsonSerializable(typeof(ClockRequest))]
[JsonSerializable(typeof(FaultRequest))]
public sealed partial class EcsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context responses are written with: like <see cref="JsonSerializerContext"/>'s default, but without
    /// escaping '+' and non-ASCII text, so timestamps read "+00:00" and notes round-trip readably.
    /// </summary>
    public static EcsJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        AllowDuplicateProperties = false,
        MaxDepth = 32,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
