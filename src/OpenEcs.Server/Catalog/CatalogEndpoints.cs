using OpenEcs.Core;
using OpenEcs.Core.Catalog;
using OpenEcs.Server.AuditLogs;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Catalog;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        var catalog = api.MapGroup("").WithTags("Catalog");
        catalog.MapGet("/regions", (PlanCatalog c) =>
            Wire.Ok(new RegionListResponse(c.Regions.Select(r => r.ToDto()).ToList()), CatalogJson.Wire.RegionListResponse));
        catalog.MapPost("/regions/availables", AvailableRegions).WithSummary("Regions where a plan can be created")
            .WithMetadata(new ReadOnlyCallAttribute());
        catalog.MapGet("/plans", async (PlanCatalog c, CatalogService service, CancellationToken ct) =>
        {
            var room = await service.RoomAsync(ct);
            return Wire.Ok(new PlanListResponse(c.Plans.Select(p => p.ToDto(c, room)).ToList()), CatalogJson.Wire.PlanListResponse);
        });
        catalog.MapGet("/plans/availables", PlanAvailabilityAsync);
        // The docs' tutorial asks for images with POST; both methods answer.
        catalog.MapMethods("/images/basics", ["GET", "POST"], (PlanCatalog c) => Images(c, cloud: false)).WithMetadata(new ReadOnlyCallAttribute());
        catalog.MapMethods("/images/cloud-images", ["GET", "POST"], (PlanCatalog c) => Images(c, cloud: true)).WithMetadata(new ReadOnlyCallAttribute());
        return api;
    }

    private static WireResult<ImageListResponse> Images(PlanCatalog catalog, bool cloud) =>
        Wire.Ok(new ImageListResponse(catalog.Images.Where(i => i.CloudImage == cloud).Select(i => i.ToDto()).ToList()),
            CatalogJson.Wire.ImageListResponse);

    private static WireResult<AvailableRegionsResponse> AvailableRegions(AvailableRegionsRequest body, PlanCatalog catalog)
    {
        var name = Fields.Required(body.Plan, "plan", 64);
        var plan = catalog.FindPlan(name) ?? throw EcsException.BadRequest($"unknown plan '{name}'");
        return Wire.Ok(new AvailableRegionsResponse([plan.Regions.ToList()]), CatalogJson.Wire.AvailableRegionsResponse);
    }

    /// <summary>Every plan with its images and, per region, the hypervisor hosts and the caller's servers on them.</summary>
    private static async Task<WireResult<PlanAvailabilityResponse>> PlanAvailabilityAsync(
        PlanCatalog catalog, CatalogService service, CancellationToken ct)
    {
        var byRegion = (await service.HostsByRegionAsync(ct)).ToDictionary(r => r.Key, r => new RegionHostsDto(r.Key,
            r.Value.Select(h => new HostDto(h.Host, h.Servers.Select(s => new HostServerDto(s.Name, s.Notes)).ToList())).ToList()),
            StringComparer.OrdinalIgnoreCase);
        var room = await service.RoomAsync(ct);
        var plans = catalog.Plans.Select(p => p.ToAvailabilityDto(catalog, p.Regions.Select(r => byRegion[r]).ToList(), room)).ToList();
        return Wire.Ok(new PlanAvailabilityResponse(plans), CatalogJson.Wire.PlanAvailabilityResponse);
    }
}
