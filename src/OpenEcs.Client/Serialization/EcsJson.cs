using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using OpenEcs.Client.Models;

namespace OpenEcs.Client.Serialization;

/// <summary>
/// The JSON form of the models, exactly as the API writes it: snake_case keys, sizes as strings, RFC 3339
/// timestamps, unknown keys kept. Source-generated, so it works trimmed and AOT-compiled.
/// </summary>
public static class EcsJson
{
    /// <summary>Options that read and write every model of this package (read-only).</summary>
    public static JsonSerializerOptions Options => EcsJsonContext.Wire.Options;

    /// <summary>The JSON text of a model, e.g. a <see cref="Server"/> or a list of them.</summary>
    public static string Serialize<T>(T value, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = Options.Encoder }))
            JsonSerializer.Serialize(writer, value, TypeInfo<T>());
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a model from JSON text, e.g. a saved API response.</summary>
    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize(json, TypeInfo<T>());

    internal static JsonTypeInfo<T> TypeInfo<T>() =>
        EcsJsonContext.Wire.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not a model of OpenEcs.Client");
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(TimestampConverter)])]
[JsonSerializable(typeof(Server))]
[JsonSerializable(typeof(IReadOnlyList<Server>))]
[JsonSerializable(typeof(ServerCreated))]
[JsonSerializable(typeof(ServerPowerStatus))]
[JsonSerializable(typeof(ConsoleAccess))]
[JsonSerializable(typeof(ServerMetrics))]
[JsonSerializable(typeof(EcsAction))]
[JsonSerializable(typeof(ActionPage))]
[JsonSerializable(typeof(IReadOnlyList<EcsAction>))]
[JsonSerializable(typeof(Image))]
[JsonSerializable(typeof(IReadOnlyList<Image>))]
[JsonSerializable(typeof(Template))]
[JsonSerializable(typeof(IReadOnlyList<Template>))]
[JsonSerializable(typeof(TemplateCreated))]
[JsonSerializable(typeof(Script))]
[JsonSerializable(typeof(IReadOnlyList<Script>))]
[JsonSerializable(typeof(Snapshot))]
[JsonSerializable(typeof(IReadOnlyList<Snapshot>))]
[JsonSerializable(typeof(SnapshotChange))]
[JsonSerializable(typeof(SnapshotSchedule))]
[JsonSerializable(typeof(ScriptRequest))]
[JsonSerializable(typeof(SnapshotRequest))]
[JsonSerializable(typeof(SnapshotScheduleRequest))]
[JsonSerializable(typeof(ScriptListEnvelope))]
[JsonSerializable(typeof(ScriptEnvelope))]
[JsonSerializable(typeof(SnapshotListEnvelope))]
[JsonSerializable(typeof(Network))]
[JsonSerializable(typeof(IReadOnlyList<Network>))]
[JsonSerializable(typeof(Vlan))]
[JsonSerializable(typeof(IReadOnlyList<Vlan>))]
[JsonSerializable(typeof(VlanChange))]
[JsonSerializable(typeof(VlanRequest))]
[JsonSerializable(typeof(NetworkListEnvelope))]
[JsonSerializable(typeof(NetworkEnvelope))]
[JsonSerializable(typeof(VlanListEnvelope))]
[JsonSerializable(typeof(SnapshotEnvelope))]
[JsonSerializable(typeof(CronEnvelope))]
[JsonSerializable(typeof(CreateCronBody))]
[JsonSerializable(typeof(Region))]
[JsonSerializable(typeof(IReadOnlyList<Region>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(Plan))]
[JsonSerializable(typeof(IReadOnlyList<Plan>))]
[JsonSerializable(typeof(IReadOnlyList<PlanAvailability>))]
[JsonSerializable(typeof(Group))]
[JsonSerializable(typeof(IReadOnlyList<Group>))]
[JsonSerializable(typeof(SshKey))]
[JsonSerializable(typeof(IReadOnlyList<SshKey>))]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(IReadOnlyList<ApiKey>))]
[JsonSerializable(typeof(ApiKeyCreated))]
[JsonSerializable(typeof(Account))]
[JsonSerializable(typeof(LoginToken))]
[JsonSerializable(typeof(EmulatorHealth))]
[JsonSerializable(typeof(EmulatorClock))]
[JsonSerializable(typeof(FaultRule))]
[JsonSerializable(typeof(IReadOnlyList<FaultRule>))]
[JsonSerializable(typeof(CreatedAccount))]
[JsonSerializable(typeof(EmulatorAccount))]
[JsonSerializable(typeof(IReadOnlyList<EmulatorAccount>))]
[JsonSerializable(typeof(AccountListEnvelope))]
[JsonSerializable(typeof(EmulatorMemory))]
[JsonSerializable(typeof(CreateServerRequest))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(ServerListEnvelope))]
[JsonSerializable(typeof(ServerEnvelope))]
[JsonSerializable(typeof(ActionEnvelope))]
[JsonSerializable(typeof(TemplateListEnvelope))]
[JsonSerializable(typeof(TemplateEnvelope))]
[JsonSerializable(typeof(ImageListEnvelope))]
[JsonSerializable(typeof(RegionListEnvelope))]
[JsonSerializable(typeof(NestedRegionListEnvelope))]
[JsonSerializable(typeof(PlanListEnvelope))]
[JsonSerializable(typeof(PlanAvailabilityEnvelope))]
[JsonSerializable(typeof(GroupListEnvelope))]
[JsonSerializable(typeof(GroupEnvelope))]
[JsonSerializable(typeof(SshKeyListEnvelope))]
[JsonSerializable(typeof(SshKeyEnvelope))]
[JsonSerializable(typeof(MetricsEnvelope))]
[JsonSerializable(typeof(LoginEnvelope))]
[JsonSerializable(typeof(FaultListEnvelope))]
[JsonSerializable(typeof(StatusEnvelope))]
[JsonSerializable(typeof(PowerStatusEnvelope))]
[JsonSerializable(typeof(ServerActionEnvelope))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(UpdateServerBody))]
[JsonSerializable(typeof(ServerActionBody))]
[JsonSerializable(typeof(UpdateTemplateBody))]
[JsonSerializable(typeof(CreateGroupBody))]
[JsonSerializable(typeof(SshKeyBody))]
[JsonSerializable(typeof(NotesBody))]
[JsonSerializable(typeof(PasswordBody))]
[JsonSerializable(typeof(PlanBody))]
[JsonSerializable(typeof(LoginBody))]
[JsonSerializable(typeof(ClockBody))]
[JsonSerializable(typeof(CreateAccountBody))]
[JsonSerializable(typeof(SupportBody))]
[JsonSerializable(typeof(ReserveBody))]
[JsonSerializable(typeof(AccountTermsBody))]
[JsonSerializable(typeof(SupportEnvelope))]
[JsonSerializable(typeof(IsolationListEnvelope))]
[JsonSerializable(typeof(ServerSupport))]
[JsonSerializable(typeof(ReservedPlan))]
[JsonSerializable(typeof(Isolation))]
[JsonSerializable(typeof(IReadOnlyList<Isolation>))]
[JsonSerializable(typeof(ServerConsumption))]
[JsonSerializable(typeof(IReadOnlyList<ServerConsumption>))]
[JsonSerializable(typeof(TemplateConsumption))]
[JsonSerializable(typeof(IReadOnlyList<TemplateConsumption>))]
[JsonSerializable(typeof(SnapshotConsumptionPage))]
[JsonSerializable(typeof(LogEntry))]
[JsonSerializable(typeof(LogPage))]
internal sealed partial class EcsJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The instance the client uses: the generated defaults plus an encoder that leaves '+' and non-ASCII text
    /// unescaped, so timestamps and notes read as the API writes them.
    /// </summary>
    public static EcsJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new TimestampConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
