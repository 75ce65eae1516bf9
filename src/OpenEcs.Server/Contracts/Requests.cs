using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace OpenEcs.Server.Contracts;

// Request bodies. Each binds itself through RequestBody, so that every bad body becomes a 400 in the API's error
// shape and JSON is accepted whatever the content type says (curl -d sends JSON as a form).

public abstract record JsonBody<TSelf> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : JsonBody<TSelf>
{
    public static ValueTask<TSelf?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        RequestBody.BindAsync(context, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TSelf>)EcsJsonContext.Wire.GetTypeInfo(typeof(TSelf))!);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => RequestBody.Describe<TSelf>(builder);
}

public sealed record LoginRequest(string? Username, string? Password) : JsonBody<LoginRequest>;

public sealed record CreateServerRequest(
    string? Plan, string? Location, string? Image, string? Notes,
    string? SshKey, string? Group, string? UserCustomize) : JsonBody<CreateServerRequest>;

/// <summary>The seed spells it "note", the clients "notes": both are taken.</summary>
public sealed record UpdateServerRequest(string? Notes, string? Note, string? Group) : JsonBody<UpdateServerRequest>;

public sealed record ServerActionRequest(string? Type, long? Snapshot) : JsonBody<ServerActionRequest>;

public sealed record CreateTemplateRequest(string? Server, string? Notes, string? Description) : JsonBody<CreateTemplateRequest>;

public sealed record UpdateTemplateRequest(string? Notes, string? Description) : JsonBody<UpdateTemplateRequest>;

public sealed record CreateGroupRequest(string? Notes, string? Password) : JsonBody<CreateGroupRequest>;

public sealed record SshKeyRequest(string? Key, string? Label) : JsonBody<SshKeyRequest>;

public sealed record ApiKeyRequest(string? Notes) : JsonBody<ApiKeyRequest>;

public sealed record PasswordRequest(string? Password) : JsonBody<PasswordRequest>;

public sealed record AvailableRegionsRequest(string? Plan) : JsonBody<AvailableRegionsRequest>;

public sealed record CreateAccountRequest(string? Username, string? Password, string? Email) : JsonBody<CreateAccountRequest>;

public sealed record ClockRequest(double? AdvanceSeconds, DateTimeOffset? SetTo) : JsonBody<ClockRequest>;

public sealed record FaultRequest(string? ActionType, int? Count, double? Probability, string? Message) : JsonBody<FaultRequest>;
