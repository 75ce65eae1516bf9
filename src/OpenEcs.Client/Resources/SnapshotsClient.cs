using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>
/// Snapshots of a server's disk (<c>/servers/{name}/snapshots</c>) and its weekly periodic snapshots
/// (<c>/servers/{name}/crons</c>). Restore one with <c>Servers.RollbackAsync</c>; make a template of one with
/// <c>Templates.CreateAsync</c> and <see cref="CreateTemplateRequest.Snapshot"/>.
/// </summary>
public sealed class SnapshotsClient
{
    private readonly EcsClient _client;

    internal SnapshotsClient(EcsClient client) => _client = client;

    /// <summary>The server's snapshots (<c>GET /servers/{name}/snapshots</c>).</summary>
    public async Task<IReadOnlyList<Snapshot>> ListAsync(string server, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, Path(server), EcsJsonContext.Wire.SnapshotListEnvelope, ct: cancellationToken)).Snapshots ?? [];

    /// <summary>One snapshot (<c>GET /servers/{name}/snapshots/{id}</c>).</summary>
    public async Task<Snapshot> GetAsync(string server, long id, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, Path(server, id), EcsJsonContext.Wire.SnapshotEnvelope, ct: cancellationToken)).Snapshot
        ?? throw EcsClient.Missing("snapshot", "GET /servers/{name}/snapshots/{id}");

    /// <summary>Takes a snapshot (<c>POST /servers/{name}/snapshots</c>); wait for its <c>create_snapshot</c> action.</summary>
    public Task<SnapshotChange> CreateAsync(string server, SnapshotRequest? request = null, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Post, Path(server), EcsJsonContext.Wire.SnapshotChange,
            Body.Of(request ?? new SnapshotRequest(), EcsJsonContext.Wire.SnapshotRequest), ct: cancellationToken);

    /// <summary>Changes description, notes or protection (<c>PATCH /servers/{name}/snapshots/{id}</c>).</summary>
    public async Task<Snapshot> UpdateAsync(string server, long id, SnapshotRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await _client.SendAsync(HttpMethod.Patch, Path(server, id), EcsJsonContext.Wire.SnapshotEnvelope,
            Body.Of(request, EcsJsonContext.Wire.SnapshotRequest), ct: cancellationToken)).Snapshot
            ?? throw EcsClient.Missing("snapshot", "PATCH /servers/{name}/snapshots/{id}");
    }

    /// <summary>Deletes a snapshot (<c>DELETE /servers/{name}/snapshots/{id}</c>); wait for its <c>delete_snapshot</c> action.</summary>
    public Task<SnapshotChange> DeleteAsync(string server, long id, CancellationToken cancellationToken = default) =>
        _client.SendAsync(HttpMethod.Delete, Path(server, id), EcsJsonContext.Wire.SnapshotChange, ct: cancellationToken);

    /// <summary>Starts weekly snapshots of the server (<c>POST /servers/{name}/crons</c>); retention and day are required.</summary>
    public async Task<SnapshotSchedule> ScheduleAsync(string server, SnapshotScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var config = new CreateCronConfig("weekly",
            request.MaxRetention ?? throw new ArgumentException("MaxRetention is required", nameof(request)),
            request.DayOfWeek ?? throw new ArgumentException("DayOfWeek is required", nameof(request)), request.Hour, request.Minute);
        return (await _client.SendAsync(HttpMethod.Post, $"servers/{EcsClient.Segment(server)}/crons", EcsJsonContext.Wire.CronEnvelope,
            Body.Of(new CreateCronBody("snapshot_schedule", config), EcsJsonContext.Wire.CreateCronBody), ct: cancellationToken)).Cron
            ?? throw EcsClient.Missing("cron", "POST /servers/{name}/crons");
    }

    /// <summary>The server's schedule (<c>GET /servers/{name}/crons/snapshot_schedule_{name}</c>).</summary>
    public Task<SnapshotSchedule> GetScheduleAsync(string server, CancellationToken cancellationToken = default) =>
        Cron(HttpMethod.Get, server, null, cancellationToken);

    /// <summary>Changes the fields that are set (<c>PATCH .../crons/snapshot_schedule_{name}</c>).</summary>
    public Task<SnapshotSchedule> UpdateScheduleAsync(string server, SnapshotScheduleRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Cron(HttpMethod.Patch, server, request, cancellationToken);
    }

    /// <summary>Stops periodic snapshots (<c>DELETE .../crons/snapshot_schedule_{name}</c>); the snapshots taken stay.</summary>
    public Task<SnapshotSchedule> DeleteScheduleAsync(string server, CancellationToken cancellationToken = default) =>
        Cron(HttpMethod.Delete, server, null, cancellationToken);

    private async Task<SnapshotSchedule> Cron(HttpMethod method, string server, SnapshotScheduleRequest? body, CancellationToken ct) =>
        (await _client.SendAsync(method, $"servers/{EcsClient.Segment(server)}/crons/snapshot_schedule_{EcsClient.Segment(server)}",
            EcsJsonContext.Wire.CronEnvelope, body is null ? null : Body.Of(body, EcsJsonContext.Wire.SnapshotScheduleRequest), ct: ct)).Cron
        ?? throw EcsClient.Missing("cron", $"{method} /servers/{{name}}/crons/{{cron}}");

    private static string Path(string server) => $"servers/{EcsClient.Segment(server)}/snapshots";
    private static string Path(string server, long id) => $"{Path(server)}/{id.ToString(CultureInfo.InvariantCulture)}";
}
