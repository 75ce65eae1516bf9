using Microsoft.AspNetCore.Http.HttpResults;
using OpenEcs.Core;
using OpenEcs.Core.Metrics;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Metrics;

public static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/servers/{name}/metrics", GetAsync).WithTags("Servers")
            .WithSummary("Stored CPU/disk/network samples; ?start&end ISO 8601, ?format=ty for {t,y} points");
        return api;
    }

    // The default (seed) form last: the OpenAPI document keeps the last 200 it is told of.
    private static async Task<Results<WireResult<MetricsResponse<TyPoint>>, WireResult<MetricsResponse<SeedPoint>>>> GetAsync(
        string name, string? start, string? end, string? format, MetricsService metrics, CancellationToken ct)
    {
        var samples = await metrics.GetAsync(name, Fields.Time(start, "start"), Fields.Time(end, "end"), ct);
        return format switch
        {
            null or "" or "seed" => Wire.Ok(
                new MetricsResponse<SeedPoint>(MetricsMapping.ToDto(name, samples, MetricsMapping.SeedPoint)), MetricsJson.Wire.MetricsResponseSeedPoint),
            "ty" => Wire.Ok(
                new MetricsResponse<TyPoint>(MetricsMapping.ToDto(name, samples, MetricsMapping.TyPoint)), MetricsJson.Wire.MetricsResponseTyPoint),
            _ => throw EcsException.BadRequest("format must be seed (default) or ty"),
        };
    }
}
