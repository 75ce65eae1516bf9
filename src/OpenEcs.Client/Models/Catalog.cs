using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>A region servers can be created in (<c>/regions</c>).</summary>
public sealed record Region : EcsModel
{
    /// <summary>Numeric id.</summary>
    public int Id { get; init; }
    /// <summary>Code used in calls, e.g. <c>it-fr2</c>.</summary>
    public string Location { get; init; } = "";
    /// <summary>City, e.g. <c>Frosinone</c>.</summary>
    public string Description { get; init; } = "";
}

/// <summary>What every plan has: sizes (strings of digits on the wire, numbers here) and prices.</summary>
public abstract record PlanBase : EcsModel
{
    /// <summary>Numeric id.</summary>
    public int Id { get; init; }
    /// <summary>Plan name used in calls, e.g. <c>ECS1</c>.</summary>
    public string Name { get; init; } = "";
    /// <summary>Virtual CPUs.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public int Cpu { get; init; }
    /// <summary>Memory in MB.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public int Ram { get; init; }
    /// <summary>Disk in GB.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public int Disk { get; init; }
    /// <summary>GPUs.</summary>
    [JsonNumberHandling(JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString)]
    public int Gpu { get; init; }
    /// <summary>GPU model, or null.</summary>
    public string? GpuLabel { get; init; }
    /// <summary>Price per hour (EUR).</summary>
    public double HourlyPrice { get; init; }
    /// <summary>Price per month (EUR). The API spells the key <c>montly_price</c>.</summary>
    [JsonPropertyName("montly_price")]
    public double MonthlyPrice { get; init; }
    /// <summary>True for Windows plans.</summary>
    public bool Windows { get; init; }
    /// <summary>Host kind, e.g. <c>ECS</c>, <c>GPU</c>.</summary>
    public string HostType { get; init; } = "";
    /// <summary>True when servers of the plan can be created now.</summary>
    public bool Available { get; init; }
    /// <summary>The regions that offer the plan.</summary>
    public IReadOnlyList<Region> AvailableRegions { get; init; } = [];
}

/// <summary>A plan (<c>/plans</c>).</summary>
public sealed record Plan : PlanBase
{
    /// <summary>The image used when none is named, or null.</summary>
    public string? DefaultImage { get; init; }
}

/// <summary>A plan with its images and, per region, the hosts and the account's servers on them (<c>/plans/availables</c>).</summary>
public sealed record PlanAvailability : PlanBase
{
    /// <summary>Images the plan can run.</summary>
    public IReadOnlyList<Image> OsAvailables { get; init; } = [];
    /// <summary>Per region, the hypervisor hosts and the account's servers on each.</summary>
    public IReadOnlyList<RegionHosts> RegionAvailables { get; init; } = [];
}

/// <summary>A region's hosts.</summary>
public sealed record RegionHosts : EcsModel
{
    /// <summary>Region code.</summary>
    public string Region { get; init; } = "";
    /// <summary>Hypervisor hosts.</summary>
    public IReadOnlyList<HostServers> Hosts { get; init; } = [];
}

/// <summary>A hypervisor host and the account's servers on it.</summary>
public sealed record HostServers : EcsModel
{
    /// <summary>Host name.</summary>
    public string Host { get; init; } = "";
    /// <summary>The account's servers on the host.</summary>
    public IReadOnlyList<HostServer> Servers { get; init; } = [];
}

/// <summary>A server as listed under its host.</summary>
public sealed record HostServer : EcsModel
{
    /// <summary>Server name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Server notes.</summary>
    public string Notes { get; init; } = "";
}
