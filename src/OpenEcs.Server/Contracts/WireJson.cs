using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenEcs.Server.Contracts;

/// <summary>
/// A resource's source-generated JSON context: every resource folder has one (its DTOs, envelopes and request bodies),
/// all with the wire options of <see cref="WireJson"/>.
/// </summary>
public interface IWireContext<TSelf> where TSelf : JsonSerializerContext, IWireContext<TSelf>
{
    static abstract TSelf Wire { get; }
}

/// <summary>The API's JSON conventions: snake_case keys, nulls written, '+' and non-ASCII text unescaped.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(OkResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class WireJson : JsonSerializerContext, IWireContext<WireJson>
{
    public static WireJson Wire { get; } = new(CreateOptions());

    /// <summary>The options every wire context is created with (the generated code follows its attributes, which say the same).</summary>
    public static JsonSerializerOptions CreateOptions() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        AllowDuplicateProperties = false,
        MaxDepth = 32,
        // So that timestamps read "+00:00" and notes round-trip readably.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Every wire context of this assembly, for the framework's resolver chain (OpenAPI, results).</summary>
    public static IEnumerable<JsonSerializerContext> All() =>
        typeof(WireJson).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IWireContext<>)))
            .Select(t => (JsonSerializerContext)t.GetProperty("Wire", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!);

    /// <summary>RFC 3339 with microseconds and an explicit offset, as the real service writes it.</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    public static string? Timestamp(DateTimeOffset? t) => t is { } v ? Timestamp(v) : null;

    /// <summary>Sizes and counts the contract carries as strings.</summary>
    public static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);
}

public sealed record OkResponse(string Status = "ok");
public sealed record ErrorResponse(string Status, int ErrorCode, string Message, string? RequestId);
