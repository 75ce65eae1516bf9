using System.Text.Json.Serialization;
using OpenEcs.Core.Catalog;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Catalog;

/// <summary>Images and templates share one shape.</summary>
public sealed record ImageDto(
    long Id, string Name, string CreationDate, string? DeletionDate, bool ActiveFlag, string Status, string Uuid,
    string Description, string Notes, bool Public, bool CloudImage, string SoBase, int RequiredDisk,
    string ApiVersion, int ApiVersionValue, string Version);

public sealed record RegionDto(int Id, string Location, string Description);

public sealed record PlanDto(
    int Id, string Name, string Cpu, string Ram, string Disk, string Gpu, string? GpuLabel, double HourlyPrice,
    double MontlyPrice, bool Windows, string HostType, bool Available, string? DefaultImage,
    IReadOnlyList<RegionDto> AvailableRegions);

public sealed record HostServerDto(string Name, string Notes);
public sealed record HostDto(string Host, IReadOnlyList<HostServerDto> Servers);
public sealed record RegionHostsDto(string Region, IReadOnlyList<HostDto> Hosts);

public sealed record PlanAvailabilityDto(
    int Id, string Name, string Cpu, string Ram, string Disk, string Gpu, string? GpuLabel, double HourlyPrice,
    double MontlyPrice, bool Windows, string HostType, bool Available, IReadOnlyList<RegionDto> AvailableRegions,
    IReadOnlyList<ImageDto> OsAvailables, IReadOnlyList<RegionHostsDto> RegionAvailables);

public sealed record ImageListResponse(IReadOnlyList<ImageDto> Images, string Status = "ok");
public sealed record RegionListResponse(IReadOnlyList<RegionDto> Regions, string Status = "ok");
public sealed record AvailableRegionsResponse(IReadOnlyList<IReadOnlyList<string>> Regions, string Status = "ok");
public sealed record PlanListResponse(IReadOnlyList<PlanDto> Plans, string Status = "ok");
public sealed record PlanAvailabilityResponse(IReadOnlyList<PlanAvailabilityDto> Plans, string Status = "ok");

public sealed record AvailableRegionsRequest(string? Plan) : JsonBody<AvailableRegionsRequest, CatalogJson>;

public static class CatalogMapping
{
    public const string ApiVersion = "v5";
    public const int ApiVersionValue = 5;

    public static ImageDto ToDto(this Image i) => new(
        i.Id, i.Name, WireJson.Timestamp(i.CreationDate), null, ActiveFlag: true, Status: "CD", i.Uuid.ToString(), i.Description,
        i.Notes, Public: true, i.CloudImage, i.SoBase, i.RequiredDisk, $"v{i.ApiVersionValue}", i.ApiVersionValue, i.Version);

    public static RegionDto ToDto(this Region r) => new(r.Id, r.Location, r.Description);

    // room: whether a host of a region has room for a plan (always, in the embedded default): a plan that fits nowhere
    // is unavailable, and a region where it fits no host is not offered, as the real service shows.
    public static PlanDto ToDto(this Plan p, PlanCatalog catalog, Func<Plan, string, bool> room)
    {
        var regions = catalog.RegionsOf(p).Where(r => room(p, r.Location)).ToList();
        return new(p.Id, p.Name, WireJson.Number(p.Cpu), WireJson.Number(p.RamMb), WireJson.Number(p.DiskGb), WireJson.Number(p.Gpu),
            p.GpuLabel, p.HourlyPrice, p.MonthlyPrice, p.Windows, p.HostType, Available: regions.Count > 0,
            DefaultImage: catalog.ImagesFor(p).FirstOrDefault()?.Name, regions.Select(ToDto).ToList());
    }

    public static PlanAvailabilityDto ToAvailabilityDto(this Plan p, PlanCatalog catalog, IReadOnlyList<RegionHostsDto> hosts, Func<Plan, string, bool> room)
    {
        var regions = catalog.RegionsOf(p).Where(r => room(p, r.Location)).ToList();
        return new(p.Id, p.Name, WireJson.Number(p.Cpu), WireJson.Number(p.RamMb), WireJson.Number(p.DiskGb), WireJson.Number(p.Gpu),
            p.GpuLabel, p.HourlyPrice, p.MonthlyPrice, p.Windows, p.HostType, Available: regions.Count > 0, regions.Select(ToDto).ToList(),
            catalog.ImagesFor(p).Select(ToDto).ToList(), hosts.Where(h => regions.Any(r => r.Location == h.Region)).ToList());
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(ImageListResponse))]
[JsonSerializable(typeof(RegionListResponse))]
[JsonSerializable(typeof(AvailableRegionsResponse))]
[JsonSerializable(typeof(PlanListResponse))]
[JsonSerializable(typeof(PlanAvailabilityResponse))]
[JsonSerializable(typeof(AvailableRegionsRequest))]
public sealed partial class CatalogJson : JsonSerializerContext, IWireContext<CatalogJson>
{
    public static CatalogJson Wire { get; } = new(WireJson.CreateOptions());
}
