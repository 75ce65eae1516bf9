using OpenEcs.Core.Domain;
using OpenEcs.Core.Services;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Endpoints;

public static class ServersEndpoints
{
    public static IEndpointRouteBuilder MapServersEndpoints(this IEndpointRouteBuilder api)
    {
        var servers = api.MapGroup("/servers").WithTags("Servers");
        servers.MapGet("", ListAsync).WithSummary("List the account's servers");
        servers.MapPost("", CreateAsync).WithSummary("Create a server (answers at once; the create_server action does the work)");
        servers.MapGet("/{name}", GetAsync);
        servers.MapPut("/{name}", UpdateAsync).WithSummary("Change notes (notes or note) and/or group (\"nogroup\" removes it)");
        servers.MapDelete("/{name}", DeleteAsync);
        servers.MapGet("/{name}/status", StatusAsync).WithSummary("Observed power state: RUNNING or SHUTOFF");
        servers.MapPost("/{name}/actions", ActionAsync).WithSummary("power_on, power_off or console");
        servers.MapGet("/{name}/metrics", MetricsAsync).WithSummary("Stored CPU/disk/network samples; ?start&end ISO 8601, ?format=ty for {t,y} points");
        return api;
    }

    private static async Task<IResult> ListAsync(ServerService service, WireMapper map, CancellationToken ct)
    {
        var list = (await service.ListAsync(ct)).Select(map.Server).ToList();
        return TypedResults.Json(new ServerListResponse(list.Count, list), EcsJsonContext.Wire.ServerListResponse);
    }

    private static async Task<IResult> GetAsync(string name, ServerService service, WireMapper map, CancellationToken ct) =>
        TypedResults.Json(new ServerResponse(map.Server(await service.GetAsync(name, ct))), EcsJsonContext.Wire.ServerResponse);

    private static async Task<IResult> CreateAsync(CreateServerRequest body, ServerService service, WireMapper map, CancellationToken ct)
    {
        var request = new CreateServer(
            Plan: Fields.Required(body.Plan, "plan", 64),
            Location: Fields.Required(body.Location, "location", 64),
            Image: Fields.Required(body.Image, "image", 128),
            Notes: Fields.Notes(body.Notes) ?? throw EcsException.BadRequest("notes is required"),
            SshKey: Fields.Limited(body.SshKey, "ssh_key", 64),
            Group: Fields.Limited(body.Group, "group", 64),
            UserCustomize: Fields.Limited(body.UserCustomize, "user_customize", Fields.MaxScriptLength));
        var (server, action) = await service.CreateAsync(request, ct);
        return TypedResults.Json(new ServerCreatedResponse(action.Id, map.Server(server)), EcsJsonContext.Wire.ServerCreatedResponse);
    }

    private static async Task<IResult> UpdateAsync(string name, UpdateServerRequest body, ServerService service, CancellationToken ct)
    {
        if (body.Notes is not null && body.Note is not null && body.Notes != body.Note)
            throw EcsException.BadRequest("give notes or note, not both with different values");
        await service.UpdateAsync(name, Fields.Notes(body.Notes ?? body.Note), Fields.Limited(body.Group, "group", 64), ct);
        return TypedResults.Json(new OkResponse(), EcsJsonContext.Wire.OkResponse);
    }

    private static async Task<IResult> DeleteAsync(string name, ServerService service, CancellationToken ct) =>
        TypedResults.Json(new ActionResponse(WireMapper.Action(await service.DeleteAsync(name, ct))), EcsJsonContext.Wire.ActionResponse);

    private static async Task<IResult> StatusAsync(string name, ServerService service, CancellationToken ct)
    {
        var power = await service.GetPowerStateAsync(name, ct);
        return TypedResults.Json(new ServerStatusResponse(name, power, new PowerStatus(name, power)), EcsJsonContext.Wire.ServerStatusResponse);
    }

    private static async Task<IResult> ActionAsync(string name, ServerActionRequest body, HttpContext http, ServerService service, CancellationToken ct)
    {
        var type = Fields.Required(body.Type, "action type", 32);
        switch (type)
        {
            case ActionType.PowerOn or ActionType.PowerOff:
                return TypedResults.Json(WireMapper.ServerAction(await service.PowerAsync(name, type, ct)), EcsJsonContext.Wire.ServerActionResponse);
            case ActionType.Console:
                var grant = await service.ConsoleAsync(name, ct);
                var scheme = http.Request.IsHttps ? "wss" : "ws";
                var url = $"{scheme}://{http.Request.Host}{http.Request.PathBase}{ConsoleEndpoints.Path}/{grant.ConsoleKey}";
                return TypedResults.Json(WireMapper.ServerAction(grant.Action, grant.ConsoleKey, url), EcsJsonContext.Wire.ServerActionResponse);
            case "rollback" or "snapshot":
                throw EcsException.BadRequest($"action type '{type}' needs snapshots, which OpenECS does not offer yet");
            default:
                throw EcsException.BadRequest($"unknown action type '{type}'; use power_on, power_off or console");
        }
    }

    private static async Task<IResult> MetricsAsync(
        string name, string? start, string? end, string? format, MetricsService metrics, CancellationToken ct)
    {
        var samples = await metrics.GetAsync(name, Fields.Time(start, "start"), Fields.Time(end, "end"), ct);
        return format switch
        {
            null or "" or "seed" => TypedResults.Json(
                new MetricsResponse<SeedPoint>(WireMapper.Metrics(name, samples, WireMapper.SeedPoint)),
                EcsJsonContext.Wire.MetricsResponseSeedPoint),
            "ty" => TypedResults.Json(
                new MetricsResponse<TyPoint>(WireMapper.Metrics(name, samples, WireMapper.TyPoint)),
                EcsJsonContext.Wire.MetricsResponseTyPoint),
            _ => throw EcsException.BadRequest("format must be seed (default) or ty"),
        };
    }
}
