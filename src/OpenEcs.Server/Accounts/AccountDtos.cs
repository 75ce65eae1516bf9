using System.Text.Json.Serialization;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Accounts;

public sealed record LoginResponse(string Token, long Expire, string Status = "ok");
public sealed record AccountResponse(
    string Username, string Email, bool ReservedAvailable, bool OfflineAvailable, int EcsSpecialDiscount,
    int EcshmSpecialDiscount, int EcsgpuSpecialDiscount, string Status = "ok");

public sealed record LoginRequest(string? Username, string? Password) : JsonBody<LoginRequest, AccountsJson>;
public sealed record PasswordRequest(string? Password) : JsonBody<PasswordRequest, AccountsJson>;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(LoginResponse))]
[JsonSerializable(typeof(AccountResponse))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(PasswordRequest))]
public sealed partial class AccountsJson : JsonSerializerContext, IWireContext<AccountsJson>
{
    public static AccountsJson Wire { get; } = new(WireJson.CreateOptions());
}
