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
internal sealed record FaultListEnvelope(IReadOnlyList<FaultRule>? Faults);

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
internal sealed record ServerActionBody(string Type);
internal sealed record UpdateTemplateBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Notes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Description);
internal sealed record CreateGroupBody(string Notes, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Password);
internal sealed record SshKeyBody([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Key, string Label);
internal sealed record NotesBody(string Notes);
internal sealed record PasswordBody(string Password);
internal sealed record PlanBody(string Plan);
internal sealed record LoginBody(string Username, string Password);
internal sealed record ClockBody(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? AdvanceSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? SetTo);
internal sealed record CreateAccountBody(string Username, string Password, string Email);
