using OpenEcs.Core.Groups;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Groups;

public static class GroupsEndpoints
{
    public static IEndpointRouteBuilder MapGroupsEndpoints(this IEndpointRouteBuilder api)
    {
        var groups = api.MapGroup("/groups").WithTags("Groups");
        groups.MapGet("", ListAsync);
        groups.MapPost("", CreateAsync).WithSummary("Create a group; its password opens a login that sees only its servers");
        groups.MapGet("/{idOrName}", GetAsync);
        groups.MapDelete("/{idOrName}", DeleteAsync).WithSummary("409 while the group still holds servers");
        return api;
    }

    private static async Task<WireResult<GroupListResponse>> ListAsync(GroupService service, CancellationToken ct) =>
        Wire.Ok(new GroupListResponse((await service.ListAsync(ct)).Select(g => g.ToDto()).ToList()), GroupsJson.Wire.GroupListResponse);

    private static async Task<WireResult<GroupResponse>> GetAsync(string idOrName, GroupService service, CancellationToken ct) =>
        Wire.Ok(new GroupResponse((await service.GetAsync(idOrName, ct)).ToDto()), GroupsJson.Wire.GroupResponse);

    private static async Task<WireResult<GroupResponse>> CreateAsync(CreateGroupRequest body, GroupService service, CancellationToken ct)
    {
        var group = await service.CreateAsync(Fields.Notes(body.Notes) ?? "", Fields.Limited(body.Password, "password", 256), ct);
        return Wire.Ok(new GroupResponse(group.ToDto()), GroupsJson.Wire.GroupResponse);
    }

    private static async Task<WireResult<OkResponse>> DeleteAsync(string idOrName, GroupService service, CancellationToken ct)
    {
        await service.DeleteAsync(idOrName, ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }
}
