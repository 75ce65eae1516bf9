using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace OpenEcs.Core.Catalog;

public sealed record Region(int Id, string Location, string Description);

public sealed record Plan(
    int Id, string Name, int Cpu, int RamMb, int DiskGb, int Gpu, string? GpuLabel,
    double HourlyPrice, double MonthlyPrice, bool Windows, string HostType, IReadOnlyList<string> Regions);

/// <summary>A reserved period on sale: its length and the discount on the plan's hourly price.</summary>
public sealed record ReservedPeriod(int Months, int Discount);

/// <summary>A support plan: billed per month in full (a month begun is a month billed); weight orders upgrades.</summary>
public sealed record SupportLevel(string Code, string Title, int Weight, decimal MonthlyFee, int Days, bool Orderable);

/// <summary>What consumption is billed with beyond the plans' hourly prices.</summary>
public sealed record BillingRates(
    string Currency, int OfflineDiscount, IReadOnlyList<ReservedPeriod> ReservedPeriods, IReadOnlyList<SupportLevel> SupportLevels,
    decimal TemplateGibHour, decimal SnapshotGibHour)
{
    /// <summary>The level a server has when it has none ("unmanaged").</summary>
    public const string Unmanaged = "unmanaged";
}

public sealed record Image(
    int Id, string Name, string Description, string Notes, string SoBase, string Version, int RequiredDisk,
    int ApiVersionValue, bool CloudImage, DateTimeOffset CreationDate, Guid Uuid)
{
    public bool IsWindows => SoBase.Equals("windows", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Plans, regions and images: read-only data from the built-in file or the operator's own.</summary>
public sealed class PlanCatalog
{
    public IReadOnlyList<Region> Regions { get; }
    public IReadOnlyList<Plan> Plans { get; }
    public IReadOnlyList<Image> Images { get; }
    public BillingRates Billing { get; }

    private readonly Dictionary<string, Region> _regions;
    private readonly Dictionary<string, Plan> _plans;
    private readonly Dictionary<string, Image> _images;

    public PlanCatalog(IOptions<OpenEcsOptions> options, IEnumerable<IImageSource> sources)
        : this(Load(options.Value.Catalog.Path), sources) { }

    private PlanCatalog(CatalogFile file, IEnumerable<IImageSource> sources)
    {
        Regions = file.Regions;
        Plans = file.Plans;
        // An operator's catalog written before billing existed keeps the built-in rates.
        Billing = file.Billing ?? Load(null).Billing ?? throw new InvalidDataException("built-in catalog has no billing section");
        // The one place where images of a hypervisor (e.g. the QEMU images folder) join the catalog's; a name in the
        // catalog file wins, so an operator's catalog can relabel a registered image.
        var known = file.Images.Select(i => i.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Images = [.. file.Images, .. sources.SelectMany(s => s.Images).Where(i => known.Add(i.Name))];
        _regions = Regions.ToDictionary(r => r.Location, StringComparer.OrdinalIgnoreCase);
        // Plan names are matched without regard to case: the seed writes ECS1, the live catalog eCS1.
        _plans = Plans.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _images = Images.ToDictionary(i => i.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var plan in Plans)
        foreach (var region in plan.Regions)
            if (!_regions.ContainsKey(region))
                throw new InvalidDataException($"catalog: plan {plan.Name} names unknown region {region}");
    }

    public Region? FindRegion(string location) => _regions.GetValueOrDefault(location);
    public Plan? FindPlan(string name) => _plans.GetValueOrDefault(name);
    public Image? FindImage(string name) => _images.GetValueOrDefault(name);

    public SupportLevel? FindSupport(string code) =>
        Billing.SupportLevels.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase));

    public ReservedPeriod? FindReservedPeriod(int months) => Billing.ReservedPeriods.FirstOrDefault(p => p.Months == months);

    public IEnumerable<Region> RegionsOf(Plan plan) => plan.Regions.Select(r => _regions[r]);

    /// <summary>Windows plans run Windows images only, and the other plans everything else.</summary>
    public IEnumerable<Image> ImagesFor(Plan plan) => Images.Where(i => i.IsWindows == plan.Windows);

    private static CatalogFile Load(string? path)
    {
        using var stream = string.IsNullOrEmpty(path)
            ? typeof(PlanCatalog).Assembly.GetManifestResourceStream("OpenEcs.Core.catalog.json")
              ?? throw new InvalidOperationException("built-in catalog missing")
            : File.OpenRead(path);
        try
        {
            return JsonSerializer.Deserialize(stream, CatalogJson.Default.CatalogFile)
                   ?? throw new InvalidDataException("catalog file is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"catalog file {path ?? "(built-in)"} is not valid: {e.Message}", e);
        }
    }
}

/// <summary>Images a hypervisor offers beyond the catalog file (the QEMU driver's images folder).</summary>
public interface IImageSource
{
    IEnumerable<Image> Images { get; }
}

public sealed record CatalogFile(IReadOnlyList<Region> Regions, IReadOnlyList<Plan> Plans, IReadOnlyList<Image> Images, BillingRates? Billing = null);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(CatalogFile))]
internal sealed partial class CatalogJson : JsonSerializerContext;
