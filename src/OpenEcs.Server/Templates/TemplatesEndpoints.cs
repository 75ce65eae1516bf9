using OpenEcs.Core.Templates;
using OpenEcs.Server.Actions;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Templates;

public static class TemplatesEndpoints
{
    public static IEndpointRouteBuilder MapTemplatesEndpoints(this IEndpointRouteBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Templates");
        templates.MapGet("", ListAsync);
        templates.MapPost("", CreateAsync).WithSummary("Capture a template from a server that has booted");
        templates.MapGet("/{idOrName}", GetAsync).WithSummary("By numeric id or by name");
        templates.MapMethods("/{idOrName}", ["PUT", "PATCH"], UpdateAsync);
        templates.MapDelete("/{idOrName}", DeleteAsync).WithSummary("Accepted in every state; a repeat while deleting answers the same action");
        return api;
    }

    private static async Task<WireResult<TemplateListResponse>> ListAsync(TemplateService service, CancellationToken ct) =>
        Wire.Ok(new TemplateListResponse((await service.ListAsync(ct)).Select(t => t.ToDto()).ToList()), TemplatesJson.Wire.TemplateListResponse);

    private static async Task<WireResult<TemplateResponse>> GetAsync(string idOrName, TemplateService service, CancellationToken ct) =>
        Wire.Ok(new TemplateResponse((await service.GetAsync(idOrName, ct)).ToDto()), TemplatesJson.Wire.TemplateResponse);

    private static async Task<WireResult<TemplateCreatedResponse>> CreateAsync(CreateTemplateRequest body, TemplateService service, CancellationToken ct)
    {
        var (template, action) = await service.CreateAsync(
            Fields.Required(body.Server, "server", 64), Fields.Notes(body.Notes), Fields.Notes(body.Description, "description"), ct);
        return Wire.Ok(new TemplateCreatedResponse(action.Id, template.ToDto()), TemplatesJson.Wire.TemplateCreatedResponse);
    }

    private static async Task<WireResult<TemplateResponse>> UpdateAsync(
        string idOrName, UpdateTemplateRequest body, TemplateService service, CancellationToken ct)
    {
        var template = await service.UpdateAsync(idOrName, Fields.Notes(body.Notes), Fields.Notes(body.Description, "description"), ct);
        return Wire.Ok(new TemplateResponse(template.ToDto()), TemplatesJson.Wire.TemplateResponse);
    }

    private static async Task<WireResult<ActionResponse>> DeleteAsync(string idOrName, TemplateService service, CancellationToken ct) =>
        Wire.Ok(new ActionResponse((await service.DeleteAsync(idOrName, ct)).ToDto()), TemplatesJson.Wire.ActionResponse);
}
