using System.CommandLine;
using System.Globalization;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs servers metrics NAME`: each series as a sparkline with its range.</summary>
internal static class ServerMetricsCommand
{
    public static EcsCommand Build(Argument<string> name)
    {
        var since = new Option<TimeSpan>("--since")
        {
            Description = "How far back from now: 30m, 6h, 2d, ... (ignored with --start)",
            DefaultValueFactory = _ => TimeSpan.FromHours(1),
            CustomParser = Durations.Parse,
            HelpName = "DURATION",
        };
        var start = new Option<DateTimeOffset?>("--start") { Description = "From this time (ISO 8601)" };
        var end = new Option<DateTimeOffset?>("--end") { Description = "Until this time (ISO 8601); default now" };
        var width = new Option<int>("--width") { Description = "Characters per sparkline", DefaultValueFactory = _ => 60 };
        return new EcsCommand("metrics", "Show CPU, disk and network use as sparklines", "ecs servers metrics ec200001 --since 6h")
            { name, since, start, end, width }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var to = s.Get(end) ?? DateTimeOffset.UtcNow;
                var from = s.Get(start) ?? to - s.Get(since);
                if (from >= to) throw new CliException("the start must come before the end", ExitCodes.Usage);
                var metrics = await ecs.Servers.GetMetricsAsync(s.Get(name)!, from, to, ct);
                s.Show(metrics, () => Render(s.Terminal, metrics, from, to, Math.Clamp(s.Get(width), 10, 400)));
            });
    }

    private static void Render(Terminal terminal, ServerMetrics metrics, DateTimeOffset from, DateTimeOffset to, int width)
    {
        var samples = metrics.Core.Count;
        terminal.WriteText($"{metrics.Resource}: {samples} sample{(samples == 1 ? "" : "s")} from {Views.Time(from)} to {Views.Time(to)}");
        if (samples == 0)
        {
            terminal.WriteText("No samples yet: the server samples every few minutes (OpenEcs:Metrics:Step) while it runs.");
            return;
        }
        var table = Views.Table("SERIES", "TREND", "MIN", "AVG", "MAX", "LAST");
        foreach (var (label, series) in new[]
                 {
                     ("cpu %", metrics.Core), ("disk reads", metrics.Disk.Reads), ("disk writes", metrics.Disk.Writes),
                     ("net received", metrics.Network.Received), ("net transmitted", metrics.Network.Transmitted),
                 })
        {
            var values = series.Select(p => p.Value).Where(double.IsFinite).ToList();
            if (values.Count == 0) { table.Row(label, "", "", "", "", ""); continue; }
            table.Row(label, Sparkline.Render(values, width), Number(values.Min()), Number(values.Average()), Number(values.Max()), Number(values[^1]));
        }
        terminal.Write(table);
    }

    private static string Number(double v) => v.ToString(Math.Abs(v) >= 100 ? "0" : "0.##", CultureInfo.InvariantCulture);
}
