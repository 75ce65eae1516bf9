using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenEcs.Core;
using OpenEcs.Core.Billing;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Billing;

public static class BillingEndpoints
{
    public static IEndpointRouteBuilder MapBillingEndpoints(this IEndpointRouteBuilder api)
    {
        var billing = api.MapGroup("/billing").WithTags("Billing");
        billing.MapGet("/servers/{year}/{month}", ServersAsync).WithSummary("A month's server consumption; ?type=json (default) or csv");
        billing.MapGet("/templates/{year}/{month}", TemplatesAsync).WithSummary("A month's template storage; ?type=json or csv");
        billing.MapGet("/snapshots/{year}/{month}", SnapshotsAsync).WithSummary("A month's snapshot storage; ?type=json or csv");
        return api;
    }

    private static async Task<Results<WireResult<List<ServerBillDto>>, ContentHttpResult>> ServersAsync(
        string year, string month, string? type, HttpContext http, BillingService billing, CancellationToken ct)
    {
        var (y, m, csv) = Parse(year, month, type);
        var rows = (await billing.ServersAsync(y, m, ct)).Select(b => b.ToDto()).ToList();
        return csv ? Csv(http, BillingMapping.ServersCsv(rows), "servers", y, m) : Wire.Ok(rows, BillingJson.Wire.ListServerBillDto);
    }

    private static async Task<Results<WireResult<List<TemplateBillDto>>, ContentHttpResult>> TemplatesAsync(
        string year, string month, string? type, HttpContext http, BillingService billing, CancellationToken ct)
    {
        var (y, m, csv) = Parse(year, month, type);
        var rows = (await billing.TemplatesAsync(y, m, ct)).Select(b => b.ToTemplateDto()).ToList();
        return csv ? Csv(http, BillingMapping.TemplatesCsv(rows), "templates", y, m) : Wire.Ok(rows, BillingJson.Wire.ListTemplateBillDto);
    }

    private static async Task<Results<WireResult<SnapshotBillsDto>, ContentHttpResult>> SnapshotsAsync(
        string year, string month, string? type, HttpContext http, BillingService billing, CancellationToken ct)
    {
        var (y, m, csv) = Parse(year, month, type);
        var rows = (await billing.SnapshotsAsync(y, m, ct)).Select(b => b.ToSnapshotDto()).ToList();
        var bills = new SnapshotBillsDto(y, m, rows.Sum(r => r.FinalCost), rows.Count, rows);
        return csv ? Csv(http, BillingMapping.SnapshotsCsv(bills), "snapshots", y, m) : Wire.Ok(bills, BillingJson.Wire.SnapshotBillsDto);
    }

    private static (int Year, int Month, bool Csv) Parse(string year, string month, string? type)
    {
        if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y))
            throw EcsException.BadRequest($"year '{year}' is not a number, e.g. 2025");
        if (!int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m))
            throw EcsException.BadRequest($"month '{month}' is not a number from 1 to 12");
        var csv = type?.ToLowerInvariant() switch
        {
            null or "" or "json" => false,
            "csv" => true,
            _ => throw EcsException.BadRequest($"type '{type}' is unknown: use json or csv"),
        };
        return (y, m, csv);
    }

    private static ContentHttpResult Csv(HttpContext http, BillingCsv csv, string what, int year, int month)
    {
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{what}-{year:D4}-{month:D2}.csv\"";
        return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
    }
}
