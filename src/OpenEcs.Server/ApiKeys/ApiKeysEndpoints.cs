using OpenEcs.Core.ApiKeys;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.ApiKeys;

/// <summary>The account's API tokens (/keys).</summary>
public static class ApiKeysEndpoints
{
    public static IEndpointRouteBuilder MapApiKeysEndpoints(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("API tokens");
        keys.MapGet("", ListAsync);
        keys.MapPost("", CreateAsync).WithSummary("Create an API token; it is shown this once");
        keys.MapPut("/{id}", UpdateAsync);
        keys.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static async Task<WireResult<List<ApiKeyDto>>> ListAsync(ApiKeyService service, CancellationToken ct) =>
        Wire.Ok((await service.ListAsync(ct)).Select(k => k.ToDto()).ToList(), ApiKeysJson.Wire.ListApiKeyDto);

    private static async Task<WireResult<ApiKeyCreatedResponse>> CreateAsync(ApiKeyRequest body, ApiKeyService service, CancellationToken ct)
    {
        var (key, token) = await service.CreateAsync(Fields.Notes(body.Notes) ?? "", ct);
        return Wire.Ok(new ApiKeyCreatedResponse(token, key.Id), ApiKeysJson.Wire.ApiKeyCreatedResponse);
    }

    private static async Task<WireResult<OkResponse>> UpdateAsync(string id, ApiKeyRequest body, ApiKeyService service, CancellationToken ct)
    {
        await service.UpdateAsync(Fields.Id(id, "key"), Fields.Notes(body.Notes) ?? "", ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }

    private static async Task<WireResult<OkResponse>> DeleteAsync(string id, ApiKeyService service, CancellationToken ct)
    {
        await service.DeleteAsync(Fields.Id(id, "key"), ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }
}
