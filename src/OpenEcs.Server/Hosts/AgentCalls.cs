using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Server.Hosts;

/// <summary>
/// The arguments of one hypervisor call sent to an agent (a command's payload). One shape for every method keeps the
/// .proto small while the hypervisor port grows: the port's own records travel as JSON.
/// </summary>
public sealed record AgentCall(
    string? Name = null, VmSpec? Spec = null, string? Snapshot = null, string? Template = null, bool Start = false,
    DateTimeOffset? Since = null, IReadOnlyList<VmInterface>? Interfaces = null, string? CommandId = null);

/// <summary>What a call returned, for the methods that return something.</summary>
public sealed record AgentReply(
    long? Size = null, VmNetwork? Network = null, string? PowerState = null, VmSample? Sample = null, UserScriptEnd? ScriptEnd = null);

/// <summary>The names of the methods a command carries.</summary>
public static class AgentMethod
{
    public const string Create = "create", Start = "start", Stop = "stop", Delete = "delete", CaptureTemplate = "capture_template",
        DeleteTemplate = "delete_template", CreateSnapshot = "create_snapshot", DeleteSnapshot = "delete_snapshot", Rollback = "rollback",
        UserScriptEnd = "user_script_end", Halt = "halt", PowerState = "power_state", Sample = "sample", SetInterfaces = "set_interfaces";

    /// <summary>Stop the command named by the payload's CommandId (its action was cancelled).</summary>
    public const string Cancel = "cancel";

    /// <summary>Nothing to do: keeps an idle stream carrying bytes, so that a dead peer is noticed.</summary>
    public const string Ping = "ping";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentCall))]
[JsonSerializable(typeof(AgentReply))]
public sealed partial class AgentJson : JsonSerializerContext
{
    public static string Write(AgentCall call) => JsonSerializer.Serialize(call, Default.AgentCall);
    public static string Write(AgentReply reply) => JsonSerializer.Serialize(reply, Default.AgentReply);
    public static AgentCall ReadCall(string json) => JsonSerializer.Deserialize(json, Default.AgentCall) ?? new AgentCall();
    public static AgentReply ReadReply(string json) => string.IsNullOrEmpty(json) ? new AgentReply() : JsonSerializer.Deserialize(json, Default.AgentReply) ?? new AgentReply();
}
