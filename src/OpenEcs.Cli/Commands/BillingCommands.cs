using System.CommandLine;
using System.Globalization;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs billing servers|templates|snapshots YEAR MONTH [--csv]`.</summary>
internal static class BillingCommands
{
    private static readonly Argument<int> Year = new("YEAR") { Description = "The year, e.g. 2025" };
    private static readonly Argument<int> Month = new("MONTH") { Description = "The month, 1 to 12" };
    private static Option<bool> Csv() => new("--csv") { Description = "Print the API's CSV export instead" };

    public static EcsCommand Build() => new EcsCommand("billing", "What a month cost: servers, templates, snapshots", "ecs billing servers 2025 2")
        .Groups(Servers(), Templates(), Snapshots());

    private static EcsCommand Servers()
    {
        var csv = Csv();
        return new EcsCommand("servers", "Each server's hours, discounts, support and cost in a month", "ecs billing servers 2025 2 --csv > feb.csv")
            { Year, Month, csv }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                if (s.Get(csv)) { s.Terminal.WriteText((await ecs.Billing.CsvAsync("servers", s.Get(Year), s.Get(Month), ct)).TrimEnd()); return; }
                var rows = await ecs.Billing.ServersAsync(s.Get(Year), s.Get(Month), ct);
                s.Show(rows, () =>
                {
                    if (rows.Count == 0) { s.Terminal.WriteText("Nothing billed."); return; }
                    var table = Views.Table("NAME", "PLAN", "STATUS", "HOURS", "ONLINE", "OFFLINE", "RESERVED", "SUPPORT", "COST", "NOTES");
                    foreach (var r in rows)
                        table.Row(r.Name, r.Plan, Views.State(r.Status), r.BilledHours, r.Summary.OnlineHour, r.Summary.OfflineHour,
                            r.Summary.ReservedDiscounts.Sum(d => d.ReservedHour), r.Summary.SupportCode, Money(r.Cost), r.Notes);
                    s.Terminal.Write(table);
                    s.Terminal.WriteText($"Total {Money(rows.Sum(r => r.Cost))}");
                });
            });
    }

    private static EcsCommand Templates()
    {
        var csv = Csv();
        return new EcsCommand("templates", "Each template's storage and cost in a month", "ecs billing templates 2025 2") { Year, Month, csv }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                if (s.Get(csv)) { s.Terminal.WriteText((await ecs.Billing.CsvAsync("templates", s.Get(Year), s.Get(Month), ct)).TrimEnd()); return; }
                var rows = await ecs.Billing.TemplatesAsync(s.Get(Year), s.Get(Month), ct);
                s.Show(rows, () =>
                {
                    if (rows.Count == 0) { s.Terminal.WriteText("Nothing billed."); return; }
                    var table = Views.Table("NAME", "STATUS", "HOURS", "SIZE (KiB)", "COST", "NOTES");
                    foreach (var r in rows) table.Row(r.Name, Views.State(r.Status), r.Hours, r.SizeOnDisk, Money(r.Cost), r.Notes);
                    s.Terminal.Write(table);
                });
            });
    }

    private static EcsCommand Snapshots()
    {
        var csv = Csv();
        return new EcsCommand("snapshots", "Each snapshot's storage and cost in a month", "ecs billing snapshots 2025 2") { Year, Month, csv }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                if (s.Get(csv)) { s.Terminal.WriteText((await ecs.Billing.CsvAsync("snapshots", s.Get(Year), s.Get(Month), ct)).TrimEnd()); return; }
                var page = await ecs.Billing.SnapshotsAsync(s.Get(Year), s.Get(Month), ct);
                s.Show(page, () =>
                {
                    if (page.Snapshots.Count == 0) { s.Terminal.WriteText("Nothing billed."); return; }
                    var table = Views.Table("ID", "NAME", "STATUS", "HOURS", "SIZE (KiB)", "COST");
                    foreach (var r in page.Snapshots) table.Row(r.Snapshot, r.SnapshotName, r.SnapshotStatusLabel, r.Hours, r.SizeOnDisk, Money(r.FinalCost));
                    s.Terminal.Write(table);
                    s.Terminal.WriteText($"Total {Money(page.TotalCost)}");
                });
            });
    }

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
}
