using OpenEcs.Core.Services;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Endpoints;

public static class ActionsEndpoints
{
    public static IEndpointRouteBuilder MapActionsEndpoints(this IEndpointRouteBuilder api)
    {
        var actions = api.MapGroup("/actions").WithTags("Actions");
        actions.MapGet("", ListAsync).WithSummary("Newest first; ?start (offset), ?length (default 50), ?resource filters first");
        actions.MapGet("/{id}", GetAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(string? start, string? length, string? resource, ActionService service, CancellationToken ct)
    {
        var (page, total) = await service.ListAsync(Fields.Int(start, "start", 0), Fields.Int(length, "length", 50), resource, ct);
        return TypedResults.Json(new ActionListResponse(page.Select(WireMapper.Action).ToList(), total), EcsJsonContext.Wire.ActionListResponse);
    }

    private static async Task<IResult> GetAsync(string id, ActionService service, CancellationToken ct) =>
        TypedResults.Json(new ActionResponse(WireMapper.Action(await service.GetAsync(Fields.Id(id, "action"), ct))), EcsJsonContext.Wire.ActionResponse);
}
