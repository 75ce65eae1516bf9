namespace OpenEcs.Client.Models;

/// <summary>
/// An action: the unit of asynchronous work (create, delete, power on/off, templates). Calls that take time answer
/// at once with an action; poll it, or use <see cref="EcsClient.WaitForActionAsync"/>.
/// </summary>
public sealed record EcsAction : EcsModel
{
    /// <summary>Action id.</summary>
    public long Id { get; init; }
    /// <summary><c>in-progress</c>, <c>completed</c> or <c>failed</c>: see <see cref="ActionStatus"/>.</summary>
    public string Status { get; init; } = "";
    /// <summary>The user who started it.</summary>
    public string User { get; init; } = "";
    /// <summary>When it was recorded.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>When work started, or null.</summary>
    public DateTimeOffset? StartedAt { get; init; }
    /// <summary>When it ended, or null while in progress.</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>The name of the resource it acts on (a server or a template).</summary>
    public string Resource { get; init; } = "";
    /// <summary><c>ECS</c> for servers, <c>ECI</c> for templates.</summary>
    public string ResourceType { get; init; } = "";
    /// <summary>What it does, e.g. <c>create_server</c>, <c>power_off</c>: see <see cref="ActionType"/>.</summary>
    public string Type { get; init; } = "";
    /// <summary>0 to 100.</summary>
    public int Progress { get; init; }
    /// <summary>Why it failed, when it did (OpenECS); null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>True once the action has completed or failed.</summary>
    public bool IsFinished => Status is ActionStatus.Completed or ActionStatus.Failed;
}

/// <summary>The values of <see cref="EcsAction.Status"/>.</summary>
public static class ActionStatus
{
    /// <summary>Still running.</summary>
    public const string InProgress = "in-progress";
    /// <summary>Done.</summary>
    public const string Completed = "completed";
    /// <summary>Ended in failure; <see cref="EcsAction.Message"/> may say why.</summary>
    public const string Failed = "failed";
}

/// <summary>Action types, as in <see cref="EcsAction.Type"/> and the body of <c>POST /servers/{name}/actions</c>.</summary>
public static class ActionType
{
    /// <summary>Creates a server.</summary>
    public const string CreateServer = "create_server";
    /// <summary>Deletes a server.</summary>
    public const string DeleteServer = "delete_server";
    /// <summary>Powers a server on.</summary>
    public const string PowerOn = "power_on";
    /// <summary>Powers a server off.</summary>
    public const string PowerOff = "power_off";
    /// <summary>Takes a snapshot.</summary>
    public const string CreateSnapshot = "create_snapshot";
    /// <summary>Deletes a snapshot.</summary>
    public const string DeleteSnapshot = "delete_snapshot";
    /// <summary>Restores a server's disk from a snapshot.</summary>
    public const string Rollback = "rollback";
    /// <summary>Grants a console key.</summary>
    public const string Console = "console";
    /// <summary>Captures a template.</summary>
    public const string CreateTemplate = "create_template";
    /// <summary>Deletes a template.</summary>
    public const string DeleteTemplate = "delete_template";
    /// <summary>Adds VLANs to a server's interface on a network (the first adds the interface).</summary>
    public const string AddVlan = "add_vlan";
    /// <summary>Changes a VLAN's PVID flag.</summary>
    public const string UpdateVlan = "update_vlan";
    /// <summary>Removes VLANs (the last removes the interface).</summary>
    public const string DeleteVlan = "delete_vlan";
}

/// <summary>One page of <c>GET /actions</c>, newest first.</summary>
public sealed record ActionPage : EcsModel
{
    /// <summary>The actions of this page.</summary>
    public IReadOnlyList<EcsAction> Actions { get; init; } = [];
    /// <summary>How many actions match in all (after the resource filter, before paging).</summary>
    public int TotalActions { get; init; }
}
