using System.Text.Json.Serialization;
using OpenEcs.Core.Snapshots;
using OpenEcs.Server.Actions;
using OpenEcs.Server.Catalog;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Snapshots;

/// <summary>The docs' snapshot; <c>snapshot_parent</c> is the parent snapshot itself (ecsapi's model), one level deep.</summary>
public sealed record SnapshotDto(
    long Id, string Name, string User, SnapshotDto? SnapshotParent, string? SnapshotParentName, bool IsLastRestored,
    bool Protected, bool Restoring, string SourceServer, string Status, string StatusLabel, string Uid, string Description,
    string Notes, bool ActiveFlag, long? SizeOnDisk, string CreatedAt, string UpdatedAt, string? DeletedAt,
    int ApiVersionValue, string ApiVersion);

public sealed record SnapshotListResponse(IReadOnlyList<SnapshotDto> Snapshots, string Status = "ok");
public sealed record SnapshotResponse(SnapshotDto Snapshot, string Status = "ok");
public sealed record SnapshotActionResponse(SnapshotDto Snapshot, ActionDto Action, string Status = "ok");

public sealed record CreateSnapshotRequest(string? Description, string? Notes, bool? Protected) : JsonBody<CreateSnapshotRequest, SnapshotsJson>;
public sealed record UpdateSnapshotRequest(string? Description, string? Notes, bool? Protected) : JsonBody<UpdateSnapshotRequest, SnapshotsJson>;

public static class SnapshotMapping
{
    /// <summary>The wire form; <paramref name="lastRestored"/> is the server's last restored snapshot (for <c>is_last_restored</c>).</summary>
    public static SnapshotDto ToDto(this Snapshot s, long? lastRestored, bool withParent = true)
    {
        var parent = withParent && s.Parent is { Status: not SnapshotStatus.Deleted } p ? p.ToDto(lastRestored, withParent: false) : null;
        return new SnapshotDto(
            s.Id, s.Name, s.Username, parent, parent?.Name, s.Id == lastRestored, s.Protected, s.Restoring, s.SourceServer,
            s.Status, SnapshotStatus.Label(s.Status), s.Uid.ToString(), s.Description, s.Notes, s.ActiveFlag, s.SizeOnDisk,
            WireJson.Timestamp(s.CreatedAt), WireJson.Timestamp(s.UpdatedAt), WireJson.Timestamp(s.DeletedAt),
            CatalogMapping.ApiVersionValue, CatalogMapping.ApiVersion);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(SnapshotListResponse))]
[JsonSerializable(typeof(SnapshotResponse))]
[JsonSerializable(typeof(SnapshotActionResponse))]
[JsonSerializable(typeof(CreateSnapshotRequest))]
[JsonSerializable(typeof(UpdateSnapshotRequest))]
public sealed partial class SnapshotsJson : JsonSerializerContext, IWireContext<SnapshotsJson>
{
    public static SnapshotsJson Wire { get; } = new(WireJson.CreateOptions());
}
