using OpenEcs.Core.Actions;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Actions;

public static class ActionsEndpoints
{
    public static IEndpointRouteBuilder MapActionsEndpoints(this IEndpointRouteBuilder api)
    {
        var actions = api.MapGroup("/actions").WithTags("Actions");
        actions.MapGet("", ListAsync).WithSummary("Newest first; ?start (offset), ?length (default 50), ?resource filters first");
        actions.MapGet("/{id}", GetAsync);
        return api;
    }

    private static async Task<WireResult<ActionListResponse>> ListAsync(
        string? start, string? length, string? resource, ActionService service, CancellationToken ct)
    {
        var (page, total) = await service.ListAsync(Fields.Int(start, "start", 0), Fields.Int(length, "length", 50), resource, ct);
        return Wire.Ok(new ActionListResponse(page.Select(a => a.ToDto()).ToList(), total), ActionsJson.Wire.ActionListResponse);
    }

    private static async Task<WireResult<ActionResponse>> GetAsync(string id, ActionService service, CancellationToken ct) =>
        Wire.Ok(new ActionResponse((await service.GetAsync(Fields.Id(id, "action"), ct)).ToDto()), ActionsJson.Wire.ActionResponse);
}
