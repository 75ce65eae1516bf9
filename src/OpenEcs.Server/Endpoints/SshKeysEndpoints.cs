using OpenEcs.Core.Services;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Endpoints;

public static class SshKeysEndpoints
{
    public static IEndpointRouteBuilder MapSshKeysEndpoints(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/sshkeys").WithTags("SSH keys");
        keys.MapGet("", async (SshKeyService s, CancellationToken ct) =>
            TypedResults.Json(new SshKeyListResponse((await s.ListAsync(ct)).Select(WireMapper.SshKey).ToList()), EcsJsonContext.Wire.SshKeyListResponse));
        keys.MapPost("", CreateAsync).WithSummary("Add a public key under a label; servers name it by label in ssh_key");
        keys.MapGet("/{id}", async (string id, SshKeyService s, CancellationToken ct) =>
            TypedResults.Json(new SshKeyResponse(WireMapper.SshKey(await s.GetAsync(Fields.Id(id, "ssh key"), ct))), EcsJsonContext.Wire.SshKeyResponse));
        keys.MapPut("/{id}", RelabelAsync);
        keys.MapDelete("/{id}", async (string id, SshKeyService s, CancellationToken ct) =>
        {
            await s.DeleteAsync(Fields.Id(id, "ssh key"), ct);
            return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
        });
        return api;
    }

    private static async Task<IResult> CreateAsync(SshKeyRequest body, SshKeyService service, CancellationToken ct)
    {
        await service.CreateAsync(Fields.Required(body.Key, "key", SshKeyService.MaxKeyLength), Fields.Required(body.Label, "label", SshKeyService.MaxLabelLength), ct);
        return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
    }

    private static async Task<IResult> RelabelAsync(string id, SshKeyRequest body, SshKeyService service, CancellationToken ct)
    {
        await service.RelabelAsync(Fields.Id(id, "ssh key"), Fields.Required(body.Label, "label", SshKeyService.MaxLabelLength), ct);
        return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
    }
}
