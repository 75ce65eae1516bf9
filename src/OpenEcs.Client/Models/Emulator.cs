using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>OpenECS's emulator state (<c>GET /_openecs/health</c>).</summary>
public sealed record EmulatorHealth : EcsModel
{
    /// <summary><c>ok</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>Simulator speed: <c>instant</c>, <c>realistic</c> or <c>manual</c>.</summary>
    public string Speed { get; init; } = "";
    /// <summary>Hypervisor kind.</summary>
    public string Hypervisor { get; init; } = "";
    /// <summary>Database provider.</summary>
    public string Store { get; init; } = "";
    /// <summary>Actions being carried out now.</summary>
    public int ActionsRunning { get; init; }
    /// <summary>The server's clock.</summary>
    public DateTimeOffset Now { get; init; }
}

/// <summary>OpenECS's clock (<c>/_openecs/clock</c>); it moves by hand at manual speed.</summary>
public sealed record EmulatorClock : EcsModel
{
    /// <summary>The server's clock.</summary>
    public DateTimeOffset Now { get; init; }
    /// <summary>Simulator speed.</summary>
    public string Speed { get; init; } = "";
}

/// <summary>A fault rule: makes actions of a type fail (<c>/_openecs/faults</c>).</summary>
public sealed record FaultRule : EcsModel
{
    /// <summary>The action type to fail, e.g. <c>create_server</c>.</summary>
    public string ActionType { get; init; } = "";
    /// <summary>Fail the next N actions of the type.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Count { get; init; }
    /// <summary>Or fail each with this probability, 0 to 1.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Probability { get; init; }
    /// <summary>The failure message.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}

/// <summary>An account created through the emulator controls.</summary>
public sealed record CreatedAccount : EcsModel
{
    /// <summary>Numeric id.</summary>
    public long Id { get; init; }
    /// <summary>Login name.</summary>
    public string Username { get; init; } = "";
    /// <summary>Contact address.</summary>
    public string Email { get; init; } = "";
}

/// <summary>An account as the admin lists it (<c>GET /_openecs/accounts</c>).</summary>
public sealed record EmulatorAccount : EcsModel
{
    /// <summary>Numeric id.</summary>
    public long Id { get; init; }
    /// <summary>Login name.</summary>
    public string Username { get; init; } = "";
    /// <summary>Contact address.</summary>
    public string Email { get; init; } = "";
    /// <summary>True for the administrator.</summary>
    public bool Admin { get; init; }
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>The server process's memory after a full collection (<c>POST /_openecs/memory</c>), for leak checks.</summary>
public sealed record EmulatorMemory : EcsModel
{
    /// <summary>Managed heap in use.</summary>
    public long ManagedBytes { get; init; }
    /// <summary>The process's working set.</summary>
    public long WorkingSetBytes { get; init; }
    /// <summary>Full collections so far.</summary>
    public int Gen2Collections { get; init; }
}
