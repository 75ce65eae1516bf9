using System.Globalization;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Domain;

namespace OpenEcs.Server.Contracts;

/// <summary>The one place where domain objects become wire shapes.</summary>
public sealed class WireMapper(PlanCatalog catalog, Core.Hypervisors.IHypervisor hypervisor)
{
    public const string ApiVersion = "v5";
    public const int ApiVersionValue = 5;

    /// <summary>RFC 3339 with microseconds and an explicit offset, as the real service writes it.</summary>
    public static string Timestamp(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture);

    public static string? Timestamp(DateTimeOffset? t) => t is { } v ? Timestamp(v) : null;

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    public ServerDto Server(Core.Domain.Server s)
    {
        var plan = catalog.FindPlan(s.Plan);
        var image = catalog.FindImage(s.Image);
        return new ServerDto(
            Name: s.Name, Ipv4: s.Ipv4, Ipv6: s.Ipv6, Group: s.Group?.Name, Plan: s.Plan,
            PlanSize: new PlanSizeDto(Number(plan?.Cpu ?? 0), Number(plan?.RamMb ?? 0), Number(plan?.DiskGb ?? 0),
                Number(plan?.Gpu ?? 0), plan?.GpuLabel, plan?.HostType ?? "ECS"),
            ReservedPlans: [], LastRestoredSnapshot: null, IsReserved: false, ReservedUntil: "", Support: null,
            Location: s.Location, LocationLabel: catalog.FindRegion(s.Location)?.Description ?? s.Location,
            Notes: s.Notes, So: s.Image, SoLabel: image?.Description ?? s.Image,
            CreationDate: Timestamp(s.CreationDate), DeletionDate: Timestamp(s.DeletionDate),
            ActiveFlag: s.ActiveFlag, Status: s.Status, Progress: s.Progress,
            ApiVersion: ApiVersion, ApiVersionValue: ApiVersionValue, User: s.Username, Virttype: "KVM",
            SshPort: s.Status == Core.Domain.ServerStatus.Deleted ? null : hypervisor.NetworkOf(s.Name)?.SshPort);
    }

    public static ActionDto Action(EcsAction a) => new(
        a.Id, a.Status, a.Username, Timestamp(a.CreatedAt), Timestamp(a.StartedAt), Timestamp(a.CompletedAt),
        a.Resource, a.ResourceType, a.Type, a.Progress, a.Message);

    public static ServerActionResponse ServerAction(EcsAction a, string? consoleKey = null, string? consoleUrl = null)
    {
        var dto = Action(a);
        return new ServerActionResponse(dto.Id, dto.Status, dto.User, dto.CreatedAt, dto.StartedAt, dto.CompletedAt,
            dto.Resource, dto.ResourceType, dto.Type, dto.Progress, dto, consoleKey, consoleUrl);
    }

    public static ImageDto Template(Template t) => new(
        t.Id, t.Name, Timestamp(t.CreationDate), Timestamp(t.DeletionDate), t.ActiveFlag, t.Status, t.Uuid.ToString(),
        t.Description, t.Notes, Public: false, CloudImage: false, t.SoBase, t.RequiredDisk, ApiVersion, ApiVersionValue, Version: "");

    public static ImageDto Image(Image i) => new(
        i.Id, i.Name, Timestamp(i.CreationDate), null, ActiveFlag: true, Status: "CD", i.Uuid.ToString(), i.Description,
        i.Notes, Public: true, i.CloudImage, i.SoBase, i.RequiredDisk, $"v{i.ApiVersionValue}", i.ApiVersionValue, i.Version);

    public static RegionDto Region(Region r) => new(r.Id, r.Location, r.Description);

    public PlanDto Plan(Plan p) => new(
        p.Id, p.Name, Number(p.Cpu), Number(p.RamMb), Number(p.DiskGb), Number(p.Gpu), p.GpuLabel, p.HourlyPrice,
        p.MonthlyPrice, p.Windows, p.HostType, Available: true, DefaultImage: catalog.ImagesFor(p).FirstOrDefault()?.Name,
        catalog.RegionsOf(p).Select(Region).ToList());

    public PlanAvailabilityDto PlanAvailability(Plan p, IReadOnlyList<RegionHostsDto> hosts) => new(
        p.Id, p.Name, Number(p.Cpu), Number(p.RamMb), Number(p.DiskGb), Number(p.Gpu), p.GpuLabel, p.HourlyPrice,
        p.MonthlyPrice, p.Windows, p.HostType, Available: true, catalog.RegionsOf(p).Select(Region).ToList(),
        catalog.ImagesFor(p).Select(Image).ToList(), hosts);

    public static GroupDto Group(ServerGroup g) => new(g.Id, g.Name, g.Notes, g.Enabled);

    public static SshKeyDto SshKey(SshKey k) => new(k.Id, k.Label, k.Key, Timestamp(k.CreatedAt));

    public static ApiKeyDto ApiKey(ApiKey k) => new(k.Id, k.Notes, Timestamp(k.CreatedAt));

    public static MetricsDto<TPoint> Metrics<TPoint>(string resource, IReadOnlyList<MetricSample> samples, Func<DateTimeOffset, double, TPoint> point)
    {
        List<TPoint> Series(Func<MetricSample, double> value) => samples.Select(s => point(s.At, value(s))).ToList();
        return new MetricsDto<TPoint>(resource, Series(s => s.Cpu),
            new DiskSeries<TPoint>(Series(s => s.DiskReads), Series(s => s.DiskWrites)),
            new NetworkSeries<TPoint>(Series(s => s.NetReceived), Series(s => s.NetTransmitted)));
    }

    public static SeedPoint SeedPoint(DateTimeOffset at, double value) =>
        new(at.ToUnixTimeMilliseconds() / 1000.0, value.ToString("R", CultureInfo.InvariantCulture));

    public static TyPoint TyPoint(DateTimeOffset at, double value) =>
        new(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), value.ToString("F2", CultureInfo.InvariantCulture));
}
