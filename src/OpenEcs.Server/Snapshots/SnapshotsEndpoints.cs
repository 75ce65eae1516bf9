using OpenEcs.Core.Snapshots;
using OpenEcs.Server.Actions;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Snapshots;

public static class SnapshotsEndpoints
{
    public static IEndpointRouteBuilder MapSnapshotsEndpoints(this IEndpointRouteBuilder api)
    {
        var snapshots = api.MapGroup("/servers/{name}/snapshots").WithTags("Snapshots");
        snapshots.MapGet("", ListAsync).WithSummary("The server's snapshots (being created, created, being deleted)");
        snapshots.MapPost("", CreateAsync).WithSummary("Take a snapshot {description, notes, protected}; queued behind the server's actions");
        snapshots.MapGet("/{id}", GetAsync);
        snapshots.MapMethods("/{id}", ["PATCH", "PUT"], UpdateAsync).WithSummary("Description, notes, protected (kept by retention)");
        snapshots.MapDelete("/{id}", DeleteAsync).WithSummary("Accepted in every state; a repeat while deleting answers the same action");
        return api;
    }

    private static async Task<WireResult<SnapshotListResponse>> ListAsync(string name, SnapshotService service, CancellationToken ct)
    {
        var (server, list) = await service.ListAsync(name, ct);
        return Wire.Ok(new SnapshotListResponse(list.Select(s => s.ToDto(server.LastRestoredSnapshotId)).ToList()),
            SnapshotsJson.Wire.SnapshotListResponse);
    }

    private static async Task<WireResult<SnapshotResponse>> GetAsync(string name, string id, SnapshotService service, CancellationToken ct)
    {
        var (server, snapshot) = await service.GetAsync(name, Fields.Id(id, "snapshot"), ct);
        return Wire.Ok(new SnapshotResponse(snapshot.ToDto(server.LastRestoredSnapshotId)), SnapshotsJson.Wire.SnapshotResponse);
    }

    private static async Task<WireResult<SnapshotActionResponse>> CreateAsync(
        string name, CreateSnapshotRequest body, SnapshotService service, CancellationToken ct)
    {
        var (server, snapshot, action) = await service.CreateAsync(name, Fields.Notes(body.Description, "description"), Fields.Notes(body.Notes),
            body.Protected, ct);
        return Wire.Ok(new SnapshotActionResponse(snapshot.ToDto(server.LastRestoredSnapshotId), action.ToDto()),
            SnapshotsJson.Wire.SnapshotActionResponse);
    }

    private static async Task<WireResult<SnapshotResponse>> UpdateAsync(
        string name, string id, UpdateSnapshotRequest body, SnapshotService service, CancellationToken ct)
    {
        var (server, snapshot) = await service.UpdateAsync(name, Fields.Id(id, "snapshot"), Fields.Notes(body.Description, "description"),
            Fields.Notes(body.Notes), body.Protected, ct);
        return Wire.Ok(new SnapshotResponse(snapshot.ToDto(server.LastRestoredSnapshotId)), SnapshotsJson.Wire.SnapshotResponse);
    }

    private static async Task<WireResult<SnapshotActionResponse>> DeleteAsync(string name, string id, SnapshotService service, CancellationToken ct)
    {
        var (server, snapshot, action) = await service.DeleteAsync(name, Fields.Id(id, "snapshot"), ct);
        return Wire.Ok(new SnapshotActionResponse(snapshot.ToDto(server.LastRestoredSnapshotId), action.ToDto()),
            SnapshotsJson.Wire.SnapshotActionResponse);
    }
}
