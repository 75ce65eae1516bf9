using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>A server's support plan (<c>support</c> on a server; <c>POST /servers/{name}/support</c>). Null on a server means unmanaged.</summary>
public sealed record ServerSupport : EcsModel
{
    /// <summary>The server's name (the API spells the key <c>server__name</c>).</summary>
    [JsonPropertyName("server__name")]
    public string ServerName { get; init; } = "";
    /// <summary>The server's notes.</summary>
    public string ServerNotes { get; init; } = "";
    /// <summary>The plan's title, e.g. <c>global</c>.</summary>
    public string SupportTitle { get; init; } = "";
    /// <summary>The plan's code, e.g. <c>basic</c> or <c>global</c>.</summary>
    public string SupportCode { get; init; } = "";
    /// <summary>True when the plan may not be changed.</summary>
    public bool Immutable { get; init; }
    /// <summary>Since when the server has this plan.</summary>
    public DateTimeOffset Start { get; init; }
    /// <summary>When it ends, or null.</summary>
    public DateTimeOffset? End { get; init; }
    /// <summary>Whether a lower plan may be chosen.</summary>
    public bool MayDowngrade { get; init; }
    /// <summary>Orders plans from lower to higher (the API spells the key <c>weigth</c>).</summary>
    [JsonPropertyName("weigth")]
    public int Weight { get; init; }
    /// <summary>Days a billing period lasts.</summary>
    public int Days { get; init; }
    /// <summary>True once cancelled.</summary>
    public bool Cancelled { get; init; }
    /// <summary>When it was cancelled, or null.</summary>
    public DateTimeOffset? CancelledAt { get; init; }
}

/// <summary>A reserved period of a server (<c>reserved_plans</c> on a server; <c>POST /servers/{name}/reserved</c>).</summary>
public sealed record ReservedPlan : EcsModel
{
    /// <summary>The reservation's id (the API's <c>reserved_plan</c>).</summary>
    [JsonPropertyName("reserved_plan")]
    public long Id { get; init; }
    /// <summary>Its length in months (the API sends <c>reserved_months</c>, and the docs' <c>reserved_month</c> too).</summary>
    public int ReservedMonths { get; init; }
    /// <summary>The plan's numeric id.</summary>
    public int Plan { get; init; }
    /// <summary>Percent off the plan's hourly price.</summary>
    public int Discount { get; init; }
    /// <summary>When it starts.</summary>
    public DateTimeOffset StartDate { get; init; }
    /// <summary>When it ends: the server cannot be deleted before.</summary>
    public DateTimeOffset EndDate { get; init; }
    /// <summary>The server's name.</summary>
    public string Server { get; init; } = "";
}

/// <summary>A server another is kept on different hardware from (<c>GET /servers/{name}/isolations</c>).</summary>
public sealed record Isolation : EcsModel
{
    /// <summary>The server's name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Its notes.</summary>
    public string Notes { get; init; } = "";
}

/// <summary>A server's consumption in a month (<c>GET /billing/servers/{year}/{month}</c>).</summary>
public sealed record ServerConsumption : EcsModel
{
    /// <summary>The plan name.</summary>
    public string Plan { get; init; } = "";
    /// <summary>The server's name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Its group, or null.</summary>
    public string? Group { get; init; }
    /// <summary>Its notes.</summary>
    public string Notes { get; init; } = "";
    /// <summary>Its status now, e.g. <c>Booted</c> or <c>Deleted</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>The year billed.</summary>
    public int Year { get; init; }
    /// <summary>The month billed, 1 to 12.</summary>
    public int Month { get; init; }
    /// <summary>When the server was created.</summary>
    public DateTimeOffset CreationDate { get; init; }
    /// <summary>When it was deleted, or null.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
    /// <summary>Hours billed in the month (each hour begun counts once).</summary>
    public long BilledHours { get; init; }
    /// <summary>What the month costs, after discounts.</summary>
    public decimal Cost { get; init; }
    /// <summary>How the cost is made up.</summary>
    public ConsumptionSummary Summary { get; init; } = new();
}

/// <summary>Hours online, offline and reserved, and what each costs.</summary>
public sealed record ConsumptionSummary : EcsModel
{
    /// <summary>Hours at the full price.</summary>
    public long OnlineHour { get; init; }
    /// <summary>Their cost.</summary>
    public decimal OnlinePrice { get; init; }
    /// <summary>Hours switched off, at the offline discount (accounts with <c>offline_available</c>).</summary>
    public long OfflineHour { get; init; }
    /// <summary>The offline discount, percent.</summary>
    public int OfflineDiscount { get; init; }
    /// <summary>The offline hours' cost.</summary>
    public decimal OfflinePrice { get; init; }
    /// <summary>What the offline discount saved.</summary>
    public decimal OfflineReduction { get; init; }
    /// <summary>Hours of each reserved period.</summary>
    public IReadOnlyList<ReservedDiscount> ReservedDiscounts { get; init; } = [];
    /// <summary>The cost without any discount.</summary>
    public decimal OriginalCost { get; init; }
    /// <summary>The support plan billed this month (OpenECS), or null.</summary>
    public string? SupportCode { get; init; }
    /// <summary>Its monthly fee (OpenECS).</summary>
    public decimal SupportPrice { get; init; }
}

/// <summary>A reserved period's hours in a month.</summary>
public sealed record ReservedDiscount : EcsModel
{
    /// <summary>The reservation's id.</summary>
    public long ReservedPlan { get; init; }
    /// <summary>Hours it covered in the month.</summary>
    public long ReservedHour { get; init; }
    /// <summary>Its discount, percent.</summary>
    [JsonPropertyName("reserved_discount")]
    public int Discount { get; init; }
    /// <summary>Their cost.</summary>
    public decimal ReservedPrice { get; init; }
    /// <summary>What the discount saved.</summary>
    public decimal ReservedReduction { get; init; }
    /// <summary>When the period starts.</summary>
    public DateTimeOffset ReservedStartDate { get; init; }
    /// <summary>When it ends.</summary>
    public DateTimeOffset ReservedEndDate { get; init; }
}

/// <summary>A template's storage in a month (<c>GET /billing/templates/{year}/{month}</c>).</summary>
public sealed record TemplateConsumption : EcsModel
{
    /// <summary>What the month costs.</summary>
    public decimal Cost { get; init; }
    /// <summary>The template's name.</summary>
    public string Name { get; init; } = "";
    /// <summary>Its status now.</summary>
    public string Status { get; init; } = "";
    /// <summary>When it was created.</summary>
    public DateTimeOffset CreationDate { get; init; }
    /// <summary>When it was deleted, or null.</summary>
    public DateTimeOffset? DeletionDate { get; init; }
    /// <summary>Its notes.</summary>
    public string Notes { get; init; } = "";
    /// <summary>The year billed.</summary>
    public int Year { get; init; }
    /// <summary>The month billed.</summary>
    public int Month { get; init; }
    /// <summary>Hours stored in the month.</summary>
    public long Hours { get; init; }
    /// <summary>Its size on disk, KiB.</summary>
    public long SizeOnDisk { get; init; }
}

/// <summary>A month's snapshot storage (<c>GET /billing/snapshots/{year}/{month}</c>).</summary>
public sealed record SnapshotConsumptionPage : EcsModel
{
    /// <summary>The year billed.</summary>
    public int Year { get; init; }
    /// <summary>The month billed.</summary>
    public int Month { get; init; }
    /// <summary>The sum of the rows' costs.</summary>
    public decimal TotalCost { get; init; }
    /// <summary>How many rows.</summary>
    public int RowsCount { get; init; }
    /// <summary>One row per snapshot stored in the month.</summary>
    public IReadOnlyList<SnapshotConsumption> Snapshots { get; init; } = [];
}

/// <summary>A snapshot's storage in a month.</summary>
public sealed record SnapshotConsumption : EcsModel
{
    /// <summary>The snapshot's id.</summary>
    public long Snapshot { get; init; }
    /// <summary>Its name.</summary>
    public string SnapshotName { get; init; } = "";
    /// <summary>Its status code, e.g. <c>DD</c>.</summary>
    public string SnapshotStatus { get; init; } = "";
    /// <summary>Its status in words, e.g. <c>Deleted</c>.</summary>
    public string SnapshotStatusLabel { get; init; } = "";
    /// <summary>Its description.</summary>
    public string SnapshotDescription { get; init; } = "";
    /// <summary>When it was taken.</summary>
    public DateTimeOffset SnapshotCreatedAt { get; init; }
    /// <summary>When it was deleted, or null.</summary>
    public DateTimeOffset? SnapshotDeletedAt { get; init; }
    /// <summary>Its size on disk, KiB.</summary>
    public long SizeOnDisk { get; init; }
    /// <summary>Hours stored in the month.</summary>
    public long Hours { get; init; }
    /// <summary>What the month costs.</summary>
    public decimal FinalCost { get; init; }
}

/// <summary>A row of the account's audit trail (<c>GET /logs</c>): who did what, from where, and how it ended.</summary>
public sealed record LogEntry : EcsModel
{
    /// <summary>The row's id.</summary>
    public long Id { get; init; }
    /// <summary>The login that acted.</summary>
    public string Actor { get; init; } = "";
    /// <summary>What it did, e.g. <c>Login</c> or <c>POST /servers</c>.</summary>
    public string Action { get; init; } = "";
    /// <summary><c>info</c>, <c>warning</c> or <c>error</c>.</summary>
    public string Severity { get; init; } = "";
    /// <summary><c>success</c> or <c>failure</c>.</summary>
    public string Status { get; init; } = "";
    /// <summary>What kind of thing it acted on, e.g. <c>Server</c>.</summary>
    public string? TargetType { get; init; }
    /// <summary>Which one, e.g. a server's name.</summary>
    public string? Target { get; init; }
    /// <summary>When.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The client's address.</summary>
    public string? IpAddress { get; init; }
    /// <summary>The client's user agent.</summary>
    public string? UserAgent { get; init; }
    /// <summary>The URL called (no query string).</summary>
    public string? Url { get; init; }
    /// <summary>Where the address is, when known.</summary>
    public string? Location { get; init; }
    /// <summary>What <see cref="Result"/> is, e.g. <c>http_status</c>.</summary>
    public string? ResultType { get; init; }
    /// <summary>The outcome, e.g. <c>200</c>.</summary>
    public string? Result { get; init; }
    /// <summary>More about it.</summary>
    public string? Description { get; init; }
    /// <summary>Anything else the API adds.</summary>
    public JsonElement? ExtraData { get; init; }
}

/// <summary>One page of the audit trail.</summary>
public sealed record LogPage : EcsModel
{
    /// <summary>The rows of this page, newest first.</summary>
    public IReadOnlyList<LogEntry> Logs { get; init; } = [];
    /// <summary>How many rows match in all.</summary>
    public int TotalLogs { get; init; }
}
