using OpenEcs.Core.SshKeys;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.SshKeys;

public static class SshKeysEndpoints
{
    public static IEndpointRouteBuilder MapSshKeysEndpoints(this IEndpointRouteBuilder api)
    {
        var keys = api.MapGroup("/sshkeys").WithTags("SSH keys");
        keys.MapGet("", ListAsync);
        keys.MapPost("", CreateAsync).WithSummary("Add a public key under a label; servers name it by label in ssh_key");
        keys.MapGet("/{id}", GetAsync);
        keys.MapPut("/{id}", RelabelAsync);
        keys.MapDelete("/{id}", DeleteAsync);
        return api;
    }

    private static async Task<WireResult<SshKeyListResponse>> ListAsync(SshKeyService service, CancellationToken ct) =>
        Wire.Ok(new SshKeyListResponse((await service.ListAsync(ct)).Select(k => k.ToDto()).ToList()), SshKeysJson.Wire.SshKeyListResponse);

    private static async Task<WireResult<SshKeyResponse>> GetAsync(string id, SshKeyService service, CancellationToken ct) =>
        Wire.Ok(new SshKeyResponse((await service.GetAsync(Fields.Id(id, "ssh key"), ct)).ToDto()), SshKeysJson.Wire.SshKeyResponse);

    private static async Task<WireResult<OkResponse>> CreateAsync(SshKeyRequest body, SshKeyService service, CancellationToken ct)
    {
        await service.CreateAsync(Fields.Required(body.Key, "key", SshKeyService.MaxKeyLength),
            Fields.Required(body.Label, "label", SshKeyService.MaxLabelLength), ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }

    private static async Task<WireResult<OkResponse>> RelabelAsync(string id, SshKeyRequest body, SshKeyService service, CancellationToken ct)
    {
        await service.RelabelAsync(Fields.Id(id, "ssh key"), Fields.Required(body.Label, "label", SshKeyService.MaxLabelLength), ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }

    private static async Task<WireResult<OkResponse>> DeleteAsync(string id, SshKeyService service, CancellationToken ct)
    {
        await service.DeleteAsync(Fields.Id(id, "ssh key"), ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }
}
