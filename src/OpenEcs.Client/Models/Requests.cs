using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>The body of <c>POST /servers</c>. Optional fields left null are not sent.</summary>
public sealed record CreateServerRequest
{
    /// <summary>Plan name, e.g. <c>ECS1</c> (see <c>Plans.ListAsync</c>).</summary>
    public required string Plan { get; init; }
    /// <summary>Region code, e.g. <c>it-fr2</c> (see <c>Regions.ListAsync</c>).</summary>
    public required string Location { get; init; }
    /// <summary>Image name, e.g. <c>ubuntu-2404</c>, or a template's name.</summary>
    public required string Image { get; init; }
    /// <summary>Free text; returned byte for byte, handy to find one's servers again.</summary>
    public required string Notes { get; init; }
    /// <summary>Label of an SSH key from <c>/sshkeys</c> to install.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SshKey { get; init; }
    /// <summary>Group to put the server in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }
    /// <summary>Password of the image's default user (OpenECS keeps and passes on only its SHA-512 crypt hash).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; init; }
    /// <summary>A script run once after the first boot: its text (a string converts), or a library script's id
    /// (<see cref="Models.UserCustomize.FromScript"/>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public UserCustomize? UserCustomize { get; init; }
    /// <summary>Environment lines for a library script named by <see cref="UserCustomize"/>; a secret, never returned.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserCustomizeEnv { get; init; }
    /// <summary>Support plan: <c>basic</c> or <c>global</c>, billed per month.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Support { get; init; }
    /// <summary>A reserved period, <c>M{months}P{plan}</c>, e.g. <c>M12PECS1</c>: discounted hours, no delete until it ends.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReservedPlan { get; init; }
    /// <summary>Servers of the account to keep on different hosts from this one.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IsolateFrom { get; init; }
    /// <summary>Private networks the server joins from the start (no reboot), each with its VLANs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<NetworkAttachment>? Networks { get; init; }
}

/// <summary>The body of <c>POST /templates</c>.</summary>
public sealed record CreateTemplateRequest
{
    /// <summary>The server to capture (it must be <c>Booted</c>); null with <see cref="Snapshot"/>.</summary>
    public string? Server { get; init; }
    /// <summary>The id of a snapshot to capture instead of the server's disk as it is now.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Snapshot { get; init; }
    /// <summary>Notes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notes { get; init; }
    /// <summary>Description.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }
}

/// <summary>The body of <c>POST /scripts</c> and of a script's update (null fields stay as they are).</summary>
public sealed record ScriptRequest
{
    /// <summary>Title.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }
    /// <summary>The script's text; without <c>#!</c> it runs under /bin/sh.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Content { get; init; }
    /// <summary>True for a Windows script.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Windows { get; init; }
}

/// <summary>The body of a snapshot's create or update (null fields are not sent).</summary>
public sealed record SnapshotRequest
{
    /// <summary>Description.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }
    /// <summary>Notes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notes { get; init; }
    /// <summary>True: periodic snapshots' retention never deletes it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Protected { get; init; }
}

/// <summary>Weekly periodic snapshots: day, time and how many unprotected snapshots to keep (null: not changed).</summary>
public sealed record SnapshotScheduleRequest
{
    /// <summary>Unprotected snapshots kept.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxRetention { get; init; }
    /// <summary>0 Sunday ... 6 Saturday.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DayOfWeek { get; init; }
    /// <summary>Hour (UTC).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Hour { get; init; }
    /// <summary>Minute.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Minute { get; init; }
    /// <summary>False pauses the schedule (updates only).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Enabled { get; init; }
}
