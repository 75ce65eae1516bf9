using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>One server: summary, live status and progress, metrics, console, interfaces, snapshots, support and reservation, template capture.</summary>
public sealed partial class DetailsModel : PanelPage
{
    [BindProperty(SupportsGet = true)] public string Name { get; set; } = "";
    public ServerView View { get; private set; } = null!;
    public IReadOnlyList<EcsAction> Running { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await LoadSnapshotsAsync(ct);
        await LoadTermsAsync(ct);
        await LoadInterfacesAsync(ct);
    }

    /// <summary>Status, power and the actions in progress, for the page's script.</summary>
    public async Task<IActionResult> OnGetLiveAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (EcsNotFoundException e)
        {
            // Deleted meanwhile: a normal end for this page's script, not a failed request.
            return Json(new { gone = true, message = e.Message });
        }
        return Json(new
        {
            server = View.Live(),
            ipv6 = View.Server.Ipv6,
            actions = Running.Select(a => new { id = a.Id, type = a.Type, progress = a.Progress, status = a.Status }),
            recent = RecentlyFinished,
        });
    }

    /// <summary>The samples of a window (1h, 6h, 24h, 7d) as columns for the charts: times in Unix seconds, then each series.</summary>
    public async Task<IActionResult> OnGetMetricsAsync(string? window, CancellationToken ct)
    {
        TimeSpan? span = window switch { "6h" => TimeSpan.FromHours(6), "24h" => TimeSpan.FromDays(1), "7d" => TimeSpan.FromDays(7), _ => null };
        // The last hour is the API's default, on the API's clock (an emulator's may have been moved); longer windows
        // are reckoned on this host's clock.
        var now = DateTimeOffset.UtcNow;
        var m = span is { } w
            ? await Ecs.Servers.GetMetricsAsync(Name, now - w, now, ct)
            : await Ecs.Servers.GetMetricsAsync(Name, cancellationToken: ct);
        return Json(new
        {
            cpu = Columns(m.Core),
            disk = Columns(m.Disk.Reads, m.Disk.Writes),
            network = Columns(m.Network.Received, m.Network.Transmitted),
        });
    }

    public async Task<IActionResult> OnPostTemplateAsync(string? templateNotes, CancellationToken ct)
    {
        var created = await Ecs.Templates.CreateAsync(new CreateTemplateRequest { Server = Name, Notes = templateNotes }, ct);
        return Back($"Capturing template {created.Template.Name} (action {created.ActionId}).");
    }

    private IReadOnlyList<object> RecentlyFinished { get; set; } = [];

    private async Task LoadAsync(CancellationToken ct)
    {
        var server = await Ecs.Servers.GetAsync(Name, ct);
        Name = server.Name;
        View = (await ServerView.WithPowerAsync(Ecs, [server], ct))[0];
        var actions = (await Ecs.Actions.ListAsync(0, 10, server.Name, ct)).Actions;
        Running = actions.Where(a => !a.IsFinished).OrderBy(a => a.Id).ToList();
        RecentlyFinished = actions.Where(a => a.Status == ActionStatus.Failed && a.CompletedAt > DateTimeOffset.UtcNow.AddMinutes(-2))
            .Select(a => (object)new { id = a.Id, type = a.Type, message = a.Message }).ToList();
    }

    /// <summary>uPlot's form: [[t...], [y1...], [y2...]] on the union of the series' times.</summary>
    private static double?[][] Columns(params IReadOnlyList<MetricPoint>[] series)
    {
        var times = series.SelectMany(s => s.Select(p => p.Time.ToUnixTimeSeconds())).Distinct().Order().ToList();
        var columns = new double?[series.Length + 1][];
        columns[0] = times.Select(t => (double?)t).ToArray();
        for (var i = 0; i < series.Length; i++)
        {
            var byTime = series[i].GroupBy(p => p.Time.ToUnixTimeSeconds()).ToDictionary(g => g.Key, g => g.Last().Value);
            columns[i + 1] = times.Select(t => byTime.TryGetValue(t, out var v) && double.IsFinite(v) ? (double?)Math.Round(v, 3) : null).ToArray();
        }
        return columns;
    }
}

/// <summary>How the panel writes sizes and times.</summary>
public static class Format
{
    public static string Ram(int mb) => mb >= 1024 && mb % 1024 == 0 ? $"{mb / 1024} GB" : mb >= 1024 ? $"{mb / 1024.0:0.#} GB" : $"{mb} MB";

    public static string When(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Price(double eur) => "€" + eur.ToString(eur < 1 ? "0.0000" : "0.00", CultureInfo.InvariantCulture);
}
