using System.Text.Json.Serialization;
using OpenEcs.Core.Catalog;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Support;

/// <summary>A server's support plan in ecsapi's model: <c>server__name</c> and <c>weigth</c> (sic), <c>start</c> never null.</summary>
public sealed record SupportDto(
    [property: JsonPropertyName("server__name")] string ServerName, string ServerNotes, string SupportTitle, string SupportCode,
    bool Immutable, string Start, string? End, bool MayDowngrade, [property: JsonPropertyName("weigth")] int Weigth, int Days,
    bool Cancelled, string? CancelledAt);

public sealed record SupportResponse(SupportDto? Support, string Status = "ok");
public sealed record SupportRequest(string? Code) : JsonBody<SupportRequest, SupportJson>;

public static class SupportMapping
{
    /// <summary>Null when the server is unmanaged (no support plan).</summary>
    public static SupportDto? ToSupportDto(this Core.Servers.Server s, PlanCatalog catalog) =>
        s.SupportCode is { } code && catalog.FindSupport(code) is { } level
            ? new SupportDto(s.Name, s.Notes, level.Title, level.Code, Immutable: false, WireJson.Timestamp(s.SupportSince ?? s.CreationDate),
                End: null, MayDowngrade: true, level.Weight, level.Days, Cancelled: false, CancelledAt: null)
            : null;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(SupportResponse))]
[JsonSerializable(typeof(SupportRequest))]
public sealed partial class SupportJson : JsonSerializerContext, IWireContext<SupportJson>
{
    public static SupportJson Wire { get; } = new(WireJson.CreateOptions());
}
