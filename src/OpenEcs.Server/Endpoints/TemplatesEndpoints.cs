using OpenEcs.Core.Services;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Endpoints;

public static class TemplatesEndpoints
{
    public static IEndpointRouteBuilder MapTemplatesEndpoints(this IEndpointRouteBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Templates");
        templates.MapGet("", ListAsync);
        templates.MapPost("", CreateAsync).WithSummary("Capture a template from a Booted server");
        templates.MapGet("/{idOrName}", GetAsync).WithSummary("By numeric id or by name");
        templates.MapMethods("/{idOrName}", ["PUT", "PATCH"], UpdateAsync);
        templates.MapDelete("/{idOrName}", DeleteAsync);
        return api;
    }

    private static async Task<IResult> ListAsync(TemplateService service, CancellationToken ct) =>
        TypedResults.Json(new TemplateListResponse((await service.ListAsync(ct)).Select(WireMapper.Template).ToList()),
            EcsJsonContext.Wire.TemplateListResponse);

    private static async Task<IResult> GetAsync(string idOrName, TemplateService service, CancellationToken ct) =>
        TypedResults.Json(new TemplateResponse(WireMapper.Template(await service.GetAsync(idOrName, ct))), EcsJsonContext.Wire.TemplateResponse);

    private static async Task<IResult> CreateAsync(CreateTemplateRequest body, TemplateService service, CancellationToken ct)
    {
        var (template, action) = await service.CreateAsync(
            Fields.Required(body.Server, "server", 64), Fields.Notes(body.Notes), Fields.Notes(body.Description, "description"), ct);
        return TypedResults.Json(new TemplateCreatedResponse(action.Id, WireMapper.Template(template)), EcsJsonContext.Wire.TemplateCreatedResponse);
    }

    private static async Task<IResult> UpdateAsync(string idOrName, UpdateTemplateRequest body, TemplateService service, CancellationToken ct)
    {
        var template = await service.UpdateAsync(idOrName, Fields.Notes(body.Notes), Fields.Notes(body.Description, "description"), ct);
        return TypedResults.Json(new TemplateResponse(WireMapper.Template(template)), EcsJsonContext.Wire.TemplateResponse);
    }

    private static async Task<IResult> DeleteAsync(string idOrName, TemplateService service, CancellationToken ct) =>
        TypedResults.Json(new ActionResponse(WireMapper.Action(await service.DeleteAsync(idOrName, ct))), EcsJsonContext.Wire.ActionResponse);
}
