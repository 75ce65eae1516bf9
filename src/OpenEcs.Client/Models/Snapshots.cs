namespace OpenEcs.Client.Models;

/// <summary>A point-in-time copy of a server's disk (<c>/servers/{name}/snapshots</c>).</summary>
public sealed record Snapshot : EcsModel
{
    /// <summary>Numeric id: what a rollback and a template from a snapshot name.</summary>
    public long Id { get; init; }
    /// <summary>Name, e.g. <c>ec200001-SNP-1</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>The owning account.</summary>
    public string User { get; init; } = "";
    /// <summary>The snapshot this one follows, or null.</summary>
    public Snapshot? SnapshotParent { get; init; }
    /// <summary>True when the server's disk was last restored from this snapshot.</summary>
    public bool IsLastRestored { get; init; }
    /// <summary>True when periodic snapshots' retention keeps it.</summary>
    public bool Protected { get; init; }
    /// <summary>True while a rollback restores it.</summary>
    public bool Restoring { get; init; }
    /// <summary>The server it was taken of.</summary>
    public string SourceServer { get; init; } = "";
    /// <summary>State word: <c>CG</c> creating, <c>CD</c> created, <c>DE</c> deleting, <c>DD</c> deleted.</summary>
    public string Status { get; init; } = "";
    /// <summary>The state in words.</summary>
    public string StatusLabel { get; init; } = "";
    /// <summary>Description.</summary>
    public string Description { get; init; } = "";
    /// <summary>Notes.</summary>
    public string Notes { get; init; } = "";
    /// <summary>Bytes it takes on disk, when known.</summary>
    public long? SizeOnDisk { get; init; }
    /// <summary>When it was taken.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The answer to a snapshot create or delete: the snapshot and the action that works on it.</summary>
public sealed record SnapshotChange : EcsModel
{
    /// <summary>The snapshot as it is now.</summary>
    public Snapshot Snapshot { get; init; } = new();
    /// <summary>The <c>create_snapshot</c> or <c>delete_snapshot</c> action.</summary>
    public EcsAction Action { get; init; } = new();
}

/// <summary>A server's periodic snapshots (<c>/servers/{name}/crons/snapshot_schedule_{name}</c>).</summary>
public sealed record SnapshotSchedule : EcsModel
{
    /// <summary>Name: <c>snapshot_schedule_{server}</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>The schedule in cron form (minute hour * * day).</summary>
    public string Schedule { get; init; } = "";
    /// <summary>False while paused.</summary>
    public bool Enabled { get; init; }
    /// <summary>Retention, day and time.</summary>
    public SnapshotScheduleInfos Infos { get; init; } = new();
    /// <summary>When it last took a snapshot, or null.</summary>
    public DateTimeOffset? LastRunAt { get; init; }
    /// <summary>How the last run went, or null.</summary>
    public string? LastRunStatus { get; init; }
    /// <summary>When it runs next.</summary>
    public DateTimeOffset NextRunAt { get; init; }
}

/// <summary>A schedule's settings.</summary>
public sealed record SnapshotScheduleInfos : EcsModel
{
    /// <summary>Unprotected snapshots kept: older ones are deleted.</summary>
    public int MaxRetention { get; init; }
    /// <summary>0 Sunday ... 6 Saturday.</summary>
    public int DayOfWeek { get; init; }
    /// <summary>Hour (UTC).</summary>
    public int Hour { get; init; }
    /// <summary>Minute.</summary>
    public int Minute { get; init; }
}

/// <summary>A script of the account's library, or a public one (<c>/scripts</c>).</summary>
public sealed record Script : EcsModel
{
    /// <summary>Numeric id: pass it as <see cref="CreateServerRequest.UserCustomize"/>.</summary>
    public long Id { get; init; }
    /// <summary>The owning account.</summary>
    public string User { get; init; } = "";
    /// <summary>Title.</summary>
    public string Title { get; init; } = "";
    /// <summary>The script's text.</summary>
    public string Content { get; init; } = "";
    /// <summary>True for a Windows script.</summary>
    public bool Windows { get; init; }
    /// <summary>True for a script every account sees.</summary>
    public bool Public { get; init; }
}
