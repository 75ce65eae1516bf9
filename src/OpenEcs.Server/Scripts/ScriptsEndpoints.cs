using OpenEcs.Core;
using OpenEcs.Core.Scripts;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Scripts;

public static class ScriptsEndpoints
{
    public static IEndpointRouteBuilder MapScriptsEndpoints(this IEndpointRouteBuilder api)
    {
        var scripts = api.MapGroup("/scripts").WithTags("Scripts");
        scripts.MapGet("", ListAsync).WithSummary("The account's script library, then the public scripts");
        scripts.MapPost("", CreateAsync).WithSummary("Add a script to the library {title, content, windows}");
        scripts.MapGet("/{id}", GetAsync);
        scripts.MapMethods("/{id}", ["PUT", "PATCH"], UpdateAsync).WithSummary("Partial update: title, content, windows");
        scripts.MapDelete("/{id}", DeleteAsync).WithSummary("Servers created with it keep what they ran");
        return api;
    }

    private static async Task<WireResult<ScriptListResponse>> ListAsync(ScriptService service, CancellationToken ct) =>
        Wire.Ok(new ScriptListResponse((await service.ListAsync(ct)).Select(s => s.ToDto()).ToList()), ScriptsJson.Wire.ScriptListResponse);

    private static async Task<WireResult<ScriptResponse>> GetAsync(string id, ScriptService service, CancellationToken ct) =>
        Answer(await service.GetAsync(Fields.Id(id, "script"), ct));

    private static async Task<WireResult<ScriptResponse>> CreateAsync(ScriptRequest body, ScriptService service, CancellationToken ct) =>
        Answer(await service.CreateAsync(Fields.Required(body.Title, "title", ScriptService.MaxTitleLength),
            body.Content is { Length: > 0 } content ? content : throw EcsException.BadRequest("content is required"),
            body.Windows ?? false, body.Public, ct));

    private static async Task<WireResult<ScriptResponse>> UpdateAsync(string id, ScriptRequest body, ScriptService service, CancellationToken ct) =>
        Answer(await service.UpdateAsync(Fields.Id(id, "script"), body.Title, body.Content, body.Windows, body.Public, ct));

    private static async Task<WireResult<ScriptResponse>> DeleteAsync(string id, ScriptService service, CancellationToken ct) =>
        Answer(await service.DeleteAsync(Fields.Id(id, "script"), ct));

    private static WireResult<ScriptResponse> Answer(CloudScript script) =>
        Wire.Ok(new ScriptResponse(script.ToDto()), ScriptsJson.Wire.ScriptResponse);
}
