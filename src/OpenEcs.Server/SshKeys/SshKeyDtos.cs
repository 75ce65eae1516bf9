using System.Text.Json.Serialization;
using OpenEcs.Core.SshKeys;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.SshKeys;

public sealed record SshKeyDto(long Id, string Label, string Key, string CreatedAt);
public sealed record SshKeyListResponse(IReadOnlyList<SshKeyDto> Pubkeys, string Status = "ok");
public sealed record SshKeyResponse(SshKeyDto Pubkey, string Status = "ok");
public sealed record SshKeyRequest(string? Key, string? Label) : JsonBody<SshKeyRequest, SshKeysJson>;

public static class SshKeyMapping
{
    public static SshKeyDto ToDto(this SshKey k) => new(k.Id, k.Label, k.Key, WireJson.Timestamp(k.CreatedAt));
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(SshKeyListResponse))]
[JsonSerializable(typeof(SshKeyResponse))]
[JsonSerializable(typeof(SshKeyRequest))]
public sealed partial class SshKeysJson : JsonSerializerContext, IWireContext<SshKeysJson>
{
    public static SshKeysJson Wire { get; } = new(WireJson.CreateOptions());
}
