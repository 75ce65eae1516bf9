using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Billing;

/// <summary>A month's consumption as the API bills it: servers, templates and snapshots, with the CSV exports.</summary>
public sealed class IndexModel : PanelPage
{
    /// <summary>The month shown, <c>yyyy-MM</c> (an input of type month); this month when absent.</summary>
    [BindProperty(SupportsGet = true)] public string? Month { get; set; }

    public int Year { get; private set; }
    public int MonthNumber { get; private set; }
    public string MonthValue => $"{Year:0000}-{MonthNumber:00}";
    public string MonthTitle => new DateTime(Year, MonthNumber, 1).ToString("MMMM yyyy", CultureInfo.InvariantCulture);
    public bool IsCurrent => DateTime.UtcNow is var now && now.Year == Year && now.Month == MonthNumber;

    public IReadOnlyList<ServerConsumption> Servers { get; private set; } = [];
    public IReadOnlyList<TemplateConsumption> Templates { get; private set; } = [];
    public SnapshotConsumptionPage Snapshots { get; private set; } = new();
    public decimal ServersCost => Servers.Sum(s => s.Cost);
    public decimal TemplatesCost => Templates.Sum(t => t.Cost);
    public decimal Total => ServersCost + TemplatesCost + Snapshots.TotalCost;

    public async Task OnGetAsync(CancellationToken ct)
    {
        ReadMonth();
        var servers = Ecs.Billing.ServersAsync(Year, MonthNumber, ct);
        var templates = Ecs.Billing.TemplatesAsync(Year, MonthNumber, ct);
        var snapshots = Ecs.Billing.SnapshotsAsync(Year, MonthNumber, ct);
        Servers = (await servers).OrderByDescending(s => s.Cost).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        Templates = await templates;
        Snapshots = await snapshots;
    }

    /// <summary>The API's CSV export of one kind (servers, templates, snapshots), as a download.</summary>
    public async Task<IActionResult> OnGetCsvAsync(string? resource, CancellationToken ct)
    {
        ReadMonth();
        if (resource is not ("servers" or "templates" or "snapshots")) return Problem(404, "no such export: servers, templates or snapshots");
        var text = await Ecs.Billing.CsvAsync(resource, Year, MonthNumber, ct);
        return File(Encoding.UTF8.GetBytes(text), "text/csv; charset=utf-8", $"{resource}-{MonthValue}.csv");
    }

    private void ReadMonth()
    {
        if (DateTime.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var chosen))
            (Year, MonthNumber) = (chosen.Year, chosen.Month);
        else
        {
            if (!string.IsNullOrEmpty(Month)) ShowError($"“{Month}” is not a month (yyyy-MM): showing this month.");
            (Year, MonthNumber) = (DateTime.UtcNow.Year, DateTime.UtcNow.Month);
        }
    }
}

/// <summary>How the billing page writes money and sizes.</summary>
public static class Money
{
    public static string Eur(decimal eur) => "€" + eur.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A size the API gives in KiB.</summary>
    public static string Size(long kib) => kib >= 1024 * 1024 ? $"{kib / (1024.0 * 1024):0.#} GiB" : kib >= 1024 ? $"{kib / 1024.0:0.#} MiB" : $"{kib} KiB";
}
