using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Endpoints;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/regions", (PlanCatalog c) =>
            TypedResults.Json(new RegionListResponse(c.Regions.Select(WireMapper.Region).ToList()), EcsJsonContext.Wire.RegionListResponse))
            .WithTags("Catalog");
        api.MapPost("/regions/availables", AvailableRegions).WithTags("Catalog").WithSummary("Regions where a plan can be created");
        api.MapGet("/plans", (PlanCatalog c, WireMapper map) =>
            TypedResults.Json(new PlanListResponse(c.Plans.Select(map.Plan).ToList()), EcsJsonContext.Wire.PlanListResponse))
            .WithTags("Catalog");
        api.MapGet("/plans/availables", PlanAvailabilityAsync).WithTags("Catalog");
        // The docs' tutorial asks for images with POST; both methods answer.
        api.MapMethods("/images/basics", ["GET", "POST"], (PlanCatalog c) => Images(c, cloud: false)).WithTags("Catalog");
        api.MapMethods("/images/cloud-images", ["GET", "POST"], (PlanCatalog c) => Images(c, cloud: true)).WithTags("Catalog");
        return api;
    }

    private static IResult Images(PlanCatalog catalog, bool cloud) =>
        TypedResults.Json(new ImageListResponse(catalog.Images.Where(i => i.CloudImage == cloud).Select(WireMapper.Image).ToList()),
            EcsJsonContext.Wire.ImageListResponse);

    private static IResult AvailableRegions(AvailableRegionsRequest body, PlanCatalog catalog)
    {
        var name = Fields.Required(body.Plan, "plan", 64);
        var plan = catalog.FindPlan(name) ?? throw EcsException.BadRequest($"unknown plan '{name}'");
        return TypedResults.Json(new AvailableRegionsResponse([plan.Regions.ToList()]), EcsJsonContext.Wire.AvailableRegionsResponse);
    }

    /// <summary>Every plan with its images and, per region, the hypervisor host and the account's servers on it.</summary>
    private static async Task<IResult> PlanAvailabilityAsync(PlanCatalog catalog, WireMapper map, EcsDbContext db, CancellationToken ct)
    {
        var servers = await db.Servers.AsNoTracking().Where(s => s.Status != ServerStatus.Deleted)
            .Select(s => new { s.Location, s.Name, s.Notes }).ToListAsync(ct);
        var byRegion = catalog.Regions.ToDictionary(r => r.Location, r => new RegionHostsDto(r.Location,
            [new HostDto(HostName(r.Location), servers.Where(s => s.Location == r.Location).Select(s => new HostServerDto(s.Name, s.Notes)).ToList())]), StringComparer.OrdinalIgnoreCase);
        var plans = catalog.Plans.Select(p => map.PlanAvailability(p, p.Regions.Select(r => byRegion[r]).ToList())).ToList();
        return TypedResults.Json(new PlanAvailabilityResponse(plans), EcsJsonContext.Wire.PlanAvailabilityResponse);
    }

    private static string HostName(string location) => $"hv1.{location}.openecs.local";
}
