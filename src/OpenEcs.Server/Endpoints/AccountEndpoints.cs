using OpenEcs.Core.Services;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Endpoints;

/// <summary>The account itself and its API tokens (/keys).</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/account", async (AccountService s, CancellationToken ct) =>
        {
            var a = await s.GetCurrentAsync(ct);
            return TypedResults.Json(new AccountResponse(a.Username, a.Email, false, false, 0, 0, 0), EcsJsonContext.Wire.AccountResponse);
        }).WithTags("Account");
        api.MapPost("/account", async (PasswordRequest body, AccountService s, CancellationToken ct) =>
        {
            await s.ChangePasswordAsync(Fields.Required(body.Password, "password", 256), ct);
            return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
        }).WithTags("Account").WithSummary("Change the password");

        var keys = api.MapGroup("/keys").WithTags("API tokens");
        keys.MapGet("", async (ApiKeyService s, CancellationToken ct) =>
            TypedResults.Json((await s.ListAsync(ct)).Select(WireMapper.ApiKey).ToList(), EcsJsonContext.Wire.ListApiKeyDto));
        keys.MapPost("", async (ApiKeyRequest body, ApiKeyService s, CancellationToken ct) =>
        {
            var (key, token) = await s.CreateAsync(Fields.Notes(body.Notes) ?? "", ct);
            return TypedResults.Json(new ApiKeyCreatedResponse(token, key.Id), EcsJsonContext.Wire.ApiKeyCreatedResponse);
        }).WithSummary("Create an API token; it is shown this once");
        keys.MapPut("/{id}", async (string id, ApiKeyRequest body, ApiKeyService s, CancellationToken ct) =>
        {
            await s.UpdateAsync(Fields.Id(id, "key"), Fields.Notes(body.Notes) ?? "", ct);
            return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
        });
        keys.MapDelete("/{id}", async (string id, ApiKeyService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(Fields.Id(id, "key"), ct);
            return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
        });
        return api;
    }
}
