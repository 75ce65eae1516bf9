using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>A cloud server (<c>GET /servers/{name}</c>).</summary>
public sealed record Server : EcsModel
{
    /// <summary>The server's name, e.g. <c>ec200123</c>; it identifies the server in every call.</summary>
    public string Name { get; init; } = "";
    /// <summary>Public IPv4 address; empty until the server has booted.</summary>
    public string Ipv4 { get; init; } = "";
    /// <summary>IPv6 address; empty until the server has booted.</summary>
    public string Ipv6 { get; init; } = "";
    /// <summary>The group (e.g. <c>eg100001</c>) the server belongs to, or null.</summary>
    public string? Group { get; init; }
    /// <summary>The plan name, e.g. <c>ECS1</c>.</summary>
    public string Plan { get; init; } = "";
    /// <summary>The resources of the plan.</summary>
    public PlanSize PlanSize { get; init; } = new();
    /// <summary>The server's reserved periods that have not ended (a renewal follows the current one).</summary>
    public IReadOnlyList<ReservedPlan> ReservedPlans { get; init; } = [];
    /// <summary>The snapshot last restored onto the server, as the API describes it, or null.</summary>
    public JsonElement? LastRestoredSnapshot { get; init; }
    /// <summary>Whether the server runs on a reserved plan.</summary>
    public bool IsReserved { get; init; }
    /// <summary>End of the reservation, or empty.</summary>
    public string ReservedUntil { get; init; } = "";
    /// <summary>The support plan, or null (unmanaged).</summary>
    public ServerSupport? Support { get; init; }
    /// <summary>Region code, e.g. <c>it-fr2</c>.</summary>
    public string Location { get; init; } = "";
    /// <summary>Region name, e.g. <c>Frosinone</c>.</summary>
    public string LocationLabel { get; init; } = "";
    /// <summary>Free text given at creation; returned byte for byte.</summary>
    public string Notes { get; init; } = "";
    /// <summary>Image (operating system) name, e.g. <c>ubuntu-2404</c>.</summary>
    public string So { get; init; } = "";
    /// <summary>Image description, e.g. <c>Ubuntu 24.04</c>.</summary>
    public string SoLabel { get; init; } = "";
    /// <summary>When the server was created.</summary>
    public DateTimeOffset CreationDate { get; init; }
    /// <summary>When the server was deleted, or null.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
    /// <summary>True once the server has booted.</summary>
    public bool ActiveFlag { get; init; }
    /// <summary>Lifecycle state: see <see cref="ServerStatus"/>.</summary>
    public string Status { get; init; } = "";
    /// <summary>Progress of the current lifecycle step, 0 to 100.</summary>
    public int Progress { get; init; }
    /// <summary>API generation of the server, e.g. <c>v5</c>.</summary>
    public string ApiVersion { get; init; } = "";
    /// <summary>API generation as a number, e.g. 5.</summary>
    public int ApiVersionValue { get; init; }
    /// <summary>The owning user.</summary>
    public string User { get; init; } = "";
    /// <summary>Virtualization type, e.g. <c>KVM</c>.</summary>
    public string Virttype { get; init; } = "";
    /// <summary>
    /// OpenECS only: the host port forwarded to the server's SSH (QEMU user networking, where <see cref="Ipv4"/> is
    /// the host's address); null where SSH is on port 22 of <see cref="Ipv4"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SshPort { get; init; }
}

/// <summary>The resources of a server's plan. Sizes travel as strings of digits; they are numbers here.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
public sealed record PlanSize : EcsModel
{
    /// <summary>Virtual CPUs.</summary>
    public int Core { get; init; }
    /// <summary>Memory in MB.</summary>
    public int Ram { get; init; }
    /// <summary>Disk in GB.</summary>
    public int Disk { get; init; }
    /// <summary>GPUs.</summary>
    public int Gpu { get; init; }
    /// <summary>GPU model, or null.</summary>
    public string? GpuLabel { get; init; }
    /// <summary>Host kind, e.g. <c>ECS</c>.</summary>
    public string HostType { get; init; } = "";
}

/// <summary>A server's observed power state (<c>GET /servers/{name}/status</c>).</summary>
public sealed record ServerPowerStatus(string Name, string CurrentStatus)
{
    /// <summary>True when the server is running.</summary>
    public bool IsRunning => string.Equals(CurrentStatus, PowerState.Running, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The answer to a create: the new server (still booting) and the action that boots it.</summary>
public sealed record ServerCreated : EcsModel
{
    /// <summary>The <c>create_server</c> action; wait for it with <see cref="EcsClient.WaitForActionAsync"/>.</summary>
    public long ActionId { get; init; }
    /// <summary>The server as created (status <c>Booting</c>).</summary>
    public Server Server { get; init; } = new();
}

/// <summary>A one-time key to a server's serial console, and the action that granted it.</summary>
public sealed record ConsoleAccess(string ConsoleKey, string? ConsoleUrl, EcsAction Action);

/// <summary>The lifecycle states of <see cref="Server.Status"/>.</summary>
public static class ServerStatus
{
    /// <summary>Being created.</summary>
    public const string Booting = "Booting";
    /// <summary>Running a customization script after boot.</summary>
    public const string Customizing = "Customizing";
    /// <summary>Created and usable.</summary>
    public const string Booted = "Booted";
    /// <summary>Being deleted.</summary>
    public const string Deleting = "Deleting";
    /// <summary>Gone.</summary>
    public const string Deleted = "Deleted";
    /// <summary>Its create failed; it can only be deleted.</summary>
    public const string Failed = "Failed";
}

/// <summary>The values of <see cref="ServerPowerStatus.CurrentStatus"/>.</summary>
public static class PowerState
{
    /// <summary>Powered on.</summary>
    public const string Running = "RUNNING";
    /// <summary>Powered off.</summary>
    public const string Shutoff = "SHUTOFF";
}
