using System.CommandLine;
using System.Globalization;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs plans|regions|images list`: what servers can be made of.</summary>
internal static class CatalogCommands
{
    public static EcsCommand Plans() => new EcsCommand("plans", "Plans: sizes and prices", "ecs plans list").Groups(
        new EcsCommand("list", "List plans with their sizes, prices and regions", "ecs plans list\necs plans list -o json | jq -r '.[] | select(.gpu != \"0\") | .name'")
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var plans = await ecs.Plans.ListAsync(ct);
                s.Show(plans, () =>
                {
                    var table = Views.Table("NAME", "CPU", "RAM", "DISK", "GPU", "EUR/HOUR", "EUR/MONTH", "WINDOWS", "REGIONS");
                    foreach (var p in plans)
                        table.Row(p.Name, p.Cpu, Gb(p.Ram), $"{p.Disk} GB", p.Gpu > 0 ? $"{p.Gpu} {p.GpuLabel}" : "", Money(p.HourlyPrice, "0.000"),
                            Money(p.MonthlyPrice, "0.00"), p.Windows ? "yes" : "", string.Join(' ', p.AvailableRegions.Select(r => r.Location)));
                    s.Terminal.Write(table);
                });
            }));

    public static EcsCommand Regions() => new EcsCommand("regions", "Regions servers can live in", "ecs regions list").Groups(
        new EcsCommand("list", "List regions", "ecs regions list")
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var regions = await ecs.Regions.ListAsync(ct);
                s.Show(regions, () =>
                {
                    var table = Views.Table("ID", "LOCATION", "DESCRIPTION");
                    foreach (var r in regions) table.Row(r.Id, r.Location, r.Description);
                    s.Terminal.Write(table);
                });
            }));

    public static EcsCommand Images()
    {
        var cloud = new Option<bool>("--cloud") { Description = "Only cloud images" };
        var basic = new Option<bool>("--basic") { Description = "Only basic images" };
        return new EcsCommand("images", "Operating-system images", "ecs images list").Groups(
            new EcsCommand("list", "List images (basic and cloud)", "ecs images list --cloud") { cloud, basic }
                .Runs(async (s, ct) =>
                {
                    using var ecs = s.Connect();
                    var images = new List<Image>();
                    if (!s.Get(cloud)) images.AddRange(await ecs.Images.ListBasicAsync(ct));
                    if (!s.Get(basic)) images.AddRange(await ecs.Images.ListCloudAsync(ct));
                    s.Show<IReadOnlyList<Image>>(images, () =>
                    {
                        var table = Views.Table("NAME", "DESCRIPTION", "OS", "VERSION", "MIN DISK", "KIND");
                        foreach (var i in images) table.Row(i.Name, i.Description, i.SoBase, i.Version, $"{i.RequiredDisk} GB", i.CloudImage ? "cloud" : "basic");
                        s.Terminal.Write(table);
                    });
                }));
    }

    private static string Gb(int mb) => mb % 1024 == 0 ? $"{mb / 1024} GB" : $"{mb} MB";

    private static string Money(double amount, string format) => amount.ToString(format, CultureInfo.InvariantCulture);
}
