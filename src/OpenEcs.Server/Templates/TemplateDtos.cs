using System.Text.Json.Serialization;
using OpenEcs.Core.Templates;
using OpenEcs.Server.Actions;
using OpenEcs.Server.Catalog;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Templates;

public sealed record TemplateListResponse(IReadOnlyList<ImageDto> Templates, string Status = "ok");
public sealed record TemplateResponse(ImageDto Template, string Status = "ok");
public sealed record TemplateCreatedResponse(long ActionId, ImageDto Template, string Status = "ok") : OpenEcs.Server.AuditLogs.IAuditTarget
{
    [JsonIgnore] public string AuditTarget => Template.Name;
}

/// <summary>From a server or from a snapshot (ecsapi sends the other one as null).</summary>
public sealed record CreateTemplateRequest(
    string? Server, string? Notes, string? Description,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long? Snapshot = null) : JsonBody<CreateTemplateRequest, TemplatesJson>;
public sealed record UpdateTemplateRequest(string? Notes, string? Description) : JsonBody<UpdateTemplateRequest, TemplatesJson>;

public static class TemplateMapping
{
    /// <summary>A template has the shape of an image (the create wizard lists both together).</summary>
    public static ImageDto ToDto(this Template t) => new(
        t.Id, t.Name, WireJson.Timestamp(t.CreationDate), WireJson.Timestamp(t.DeletionDate), t.ActiveFlag, t.Status,
        t.Uuid.ToString(), t.Description, t.Notes, Public: false, CloudImage: false, t.SoBase, t.RequiredDisk,
        CatalogMapping.ApiVersion, CatalogMapping.ApiVersionValue, Version: "");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(TemplateListResponse))]
[JsonSerializable(typeof(TemplateResponse))]
[JsonSerializable(typeof(TemplateCreatedResponse))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(CreateTemplateRequest))]
[JsonSerializable(typeof(UpdateTemplateRequest))]
public sealed partial class TemplatesJson : JsonSerializerContext, IWireContext<TemplatesJson>
{
    public static TemplatesJson Wire { get; } = new(WireJson.CreateOptions());
}
