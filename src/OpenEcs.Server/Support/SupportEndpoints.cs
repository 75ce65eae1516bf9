using OpenEcs.Core.Catalog;
using OpenEcs.Core.Support;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Support;

public static class SupportEndpoints
{
    public static IEndpointRouteBuilder MapSupportEndpoints(this IEndpointRouteBuilder api)
    {
        var support = api.MapGroup("/servers/{name}/support").WithTags("Servers");
        support.MapPost("", SetAsync).WithSummary("Set or change the support plan {code: basic|global}; billed per month begun");
        support.MapDelete("", RemoveAsync).WithSummary("Back to unmanaged (this month's fee stays billed)");
        return api;
    }

    private static async Task<WireResult<SupportResponse>> SetAsync(
        string name, SupportRequest body, SupportService support, PlanCatalog catalog, CancellationToken ct)
    {
        var server = await support.SetAsync(name, Fields.Required(body.Code, "code", 32), ct);
        return Wire.Ok(new SupportResponse(server.ToSupportDto(catalog)), SupportJson.Wire.SupportResponse);
    }

    private static async Task<WireResult<OkResponse>> RemoveAsync(string name, SupportService support, CancellationToken ct)
    {
        await support.RemoveAsync(name, ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }
}
