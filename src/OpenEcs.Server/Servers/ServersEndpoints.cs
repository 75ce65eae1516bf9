using OpenEcs.Core.Hosts;
using Microsoft.Extensions.Options;
using System.Text.Json;
using OpenEcs.Core;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Consoles;
using OpenEcs.Core.Scripts;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Snapshots;
using OpenEcs.Server.Actions;
using OpenEcs.Server.Consoles;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Servers;

public static class ServersEndpoints
{
    public static IEndpointRouteBuilder MapServersEndpoints(this IEndpointRouteBuilder api)
    {
        var servers = api.MapGroup("/servers").WithTags("Servers");
        servers.MapGet("", ListAsync).WithSummary("List the account's servers");
        servers.MapPost("", CreateAsync).WithSummary("Create a server (answers at once; the create_server action does the work)");
        servers.MapGet("/{name}", GetAsync);
        servers.MapPut("/{name}", UpdateAsync).WithSummary("Change notes (notes or note) and/or group (\"nogroup\" removes it)");
        servers.MapDelete("/{name}", DeleteAsync)
            .WithSummary("Accepted in every state; cancels what is queued; a repeat while deleting answers the same action");
        servers.MapGet("/{name}/status", StatusAsync).WithSummary("Observed power state: RUNNING or SHUTOFF");
        servers.MapPost("/{name}/actions", ActionAsync)
            .WithSummary("power_on, power_off, console or rollback (+snapshot); queued behind the server's earlier actions, never refused as busy");
        return api;
    }

    private static async Task<WireResult<ServerListResponse>> ListAsync(ServerService service, PlanCatalog catalog, HostService hosts, CancellationToken ct)
    {
        var statuses = await hosts.StatusesAsync(ct);
        var list = (await service.ListAsync(ct)).Select(s => s.ToDto(catalog, statuses)).ToList();
        return Wire.Ok(new ServerListResponse(list.Count, list), ServersJson.Wire.ServerListResponse);
    }

    private static async Task<WireResult<ServerResponse>> GetAsync(string name, ServerService service, PlanCatalog catalog, HostService hosts,
        CancellationToken ct) =>
        Wire.Ok(new ServerResponse((await service.ShowAsync(name, ct)).ToDto(catalog, await hosts.StatusesAsync(ct))), ServersJson.Wire.ServerResponse);

    private static async Task<WireResult<ServerCreatedResponse>> CreateAsync(
        CreateServerRequest body, ServerService service, PlanCatalog catalog, HostService hosts, CancellationToken ct)
    {
        var (text, scriptId) = UserCustomize(body.UserCustomize);
        var request = new CreateServer(
            Plan: Fields.Name(body.Plan, "plan", 64),
            Location: Fields.Name(body.Location, "location", 64),
            Image: Fields.Name(body.Image, "image", 128),
            Notes: Fields.Notes(body.Notes) ?? throw EcsException.BadRequest("notes is required"),
            SshKey: Fields.OptionalName(body.SshKey, "ssh_key", 64),
            Group: Fields.OptionalName(body.Group, "group", 64),
            UserCustomize: text, UserScriptId: scriptId,
            // Checked where it is used (UserScripts.CheckEnv: size and NAME=value lines).
            UserCustomizeEnv: body.UserCustomizeEnv,
            Terms: body.Terms())
        {
            Password = Fields.Password(body.Password),
            Networks = Networks.NetworkMapping.CreateRequests(body.Networks),
        };
        var (server, action) = await service.CreateAsync(request, ct);
        return Wire.Ok(new ServerCreatedResponse(action.Id, server.ToDto(catalog, await hosts.StatusesAsync(ct))), ServersJson.Wire.ServerCreatedResponse);
    }

    /// <summary>user_customize: a library script's id (a number) or the script's text (a string).</summary>
    private static (string? Text, long? ScriptId) UserCustomize(JsonElement? value) => value switch
    {
        null or { ValueKind: JsonValueKind.Null } => (null, null),
        { ValueKind: JsonValueKind.String } v => (Fields.Limited(v.GetString(), "user_customize", Fields.MaxScriptLength), null),
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var id) && id > 0 => (null, id),
        _ => throw EcsException.BadRequest("user_customize must be a script id (a number, from /scripts) or the script's text"),
    };

    private static async Task<WireResult<OkResponse>> UpdateAsync(string name, UpdateServerRequest body, ServerService service, CancellationToken ct)
    {
        if (body.Notes is not null && body.Note is not null && body.Notes != body.Note)
            throw EcsException.BadRequest("give notes or note, not both with different values");
        await service.UpdateAsync(name, Fields.Notes(body.Notes ?? body.Note), Fields.OptionalName(body.Group, "group", 64), ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }

    private static async Task<WireResult<ActionResponse>> DeleteAsync(string name, ServerService service, CancellationToken ct) =>
        Wire.Ok(new ActionResponse((await service.DeleteAsync(name, ct)).ToDto()), ServersJson.Wire.ActionResponse);

    private static async Task<WireResult<ServerStatusResponse>> StatusAsync(string name, ServerService service, CancellationToken ct)
    {
        var power = await service.GetPowerStateAsync(name, ct);
        return Wire.Ok(new ServerStatusResponse(name, power, new PowerStatus(name, power)), ServersJson.Wire.ServerStatusResponse);
    }

    private static async Task<WireResult<ServerActionResponse>> ActionAsync(
        string name, ServerActionRequest body, HttpContext http, ServerService servers, ConsoleService consoles, SnapshotService snapshots,
        IOptions<OpenEcsOptions> options, CancellationToken ct)
    {
        var type = Fields.Name(body.Type, "action type", 32);
        switch (type)
        {
            case ActionType.PowerOn or ActionType.PowerOff:
                return Wire.Ok(ServerActionResponse.Of(await servers.PowerAsync(name, type, ct)), ServersJson.Wire.ServerActionResponse);
            case ActionType.Console:
                var grant = await consoles.GrantAsync(name, ct);
                var url = grant.ConsoleKey is { } key ? ConsoleEndpoints.UrlOf(http, key, options.Value) : null;
                return Wire.Ok(ServerActionResponse.Of(grant.Action, grant.ConsoleKey, url), ServersJson.Wire.ServerActionResponse);
            case ActionType.Rollback:
                return Wire.Ok(ServerActionResponse.Of(await snapshots.RollbackAsync(name, body.Snapshot, ct)), ServersJson.Wire.ServerActionResponse);
            default:
                throw EcsException.BadRequest($"unknown action type '{type}'; use power_on, power_off, console or rollback");
        }
    }
}
