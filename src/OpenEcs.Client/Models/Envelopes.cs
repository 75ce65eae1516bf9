using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

// The API wraps payloads in {"status": "ok", <key>: ...}. These envelopes exist only to be unwrapped by the client.

internal sealed record ServerListEnvelope(IReadOnlyList<Server>? Server);
internal sealed record ServerEnvelope(Server? Server);
internal sealed record ActionEnvelope(EcsAction? Action);
internal sealed record TemplateListEnvelope(IReadOnlyList<Template>? Templates);
internal sealed record TemplateEnvelope(Template? Template);
internal sealed record ImageListEnvelope(IReadOnlyList<Image>? Images);
internal sealed record RegionListEnvelope(IReadOnlyList<Region>? Regions);
internal sealed record NestedRegionListEnvelope(IReadOnlyList<IReadOnlyList<string>>? Regions);
internal sealed record PlanListEnvelope(IReadOnlyList<Plan>? Plans);
internal sealed record PlanAvailabilityEnvelope(IReadOnlyList<PlanAvailability>? Plans);
internal sealed record GroupListEnvelope(IReadOnlyList<Group>? Groups);
internal sealed record GroupEnvelope(Group? Group);
internal sealed record SshKeyListEnvelope(IReadOnlyList<SshKey>? Pubkeys);
internal sealed record SshKeyEnvelope(SshKey? Pubkey);
internal sealed record MetricsEnvelope(ServerMetrics? Metrics);
internal sealed record LoginEnvelope(string? Token, long Expire);
internal sealed record AccountListEnvelope(IReadOnlyList<EmulatorAccount>? Accounts);
internal sealed record ScriptListEnvelope(IReadOnlyList<Script>? Scripts);
internal sealed record ScriptEnvelope(Script? Script);
internal sealed record NetworkListEnvelope(IReadOnlyList<Network>? Networks);
internal sealed record NetworkEnvelope(Network? Network);
internal sealed record VlanListEnvelope(IReadOnlyList<Vlan>? Vlans);
internal sealed record SnapshotListEnvelope(IReadOnlyList<Snapshot>? Snapshots);
internal sealed record SnapshotEnvelope(Snapshot? Snapshot);
internal sealed record CronEnvelope(SnapshotSchedule? Cron);
internal sealed record CreateCronBody(string Type, CreateCronConfig Config);
internal sealed record CreateCronConfig(
    string Typology, int MaxRetention, int DayOfWeek,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Hour,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Minute);
internal sealed record FaultListEnvelope(IReadOnlyList<FaultRule>? Faults);
internal sealed record SupportEnvelope(ServerSupport? Support);
internal sealed record IsolationListEnvelope(IReadOnlyList<Isolation>? Isolations);

/// <summary>Any answer, read for its "status" word only.</summary>
internal sealed record StatusEnvelope(string? Status);

/// <summary>GET /servers/{name}/status: the seed's flat form, the clients' nested form, or both.</summary>
internal sealed record PowerStatusEnvelope(string? Name, string? CurrentStatus, PowerStatusEnvelope? Server);

/// <summary>POST /servers/{name}/actions: the action at the top level, under "action", or both; console adds its key.</summary>
internal sealed record ServerActionEnvelope(EcsAction? Action, string? ConsoleKey, string? ConsoleUrl);

/// <summary>The API's error shape.</summary>
internal sealed record ErrorEnvelope(string? Status, int? ErrorCode, string? Message, string? RequestId);

// Request bodies with one or two fields.
internal sealed record UpdateServerBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Group);
internal sealed record ServerActionBody(string Type, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Snapshot = null);
internal sealed record UpdateTemplateBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);
internal sealed record CreateGroupBody(string Notes, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password);
internal sealed record SshKeyBody([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key, string Label);
internal sealed record NotesBody(string Notes);
internal sealed record PasswordBody(
    string Password,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    string? CurrentPassword = null);
internal sealed record PlanBody(string Plan);
internal sealed record LoginBody(string Username, string Password);
internal sealed record ClockBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AdvanceSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SetTo);
internal sealed record CreateAccountBody(string Username, string Password, string Email);
internal sealed record SupportBody(string Code);
internal sealed record ReserveBody(string ReservedPlan);
internal sealed record AccountTermsBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? ReservedAvailable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? OfflineAvailable);
