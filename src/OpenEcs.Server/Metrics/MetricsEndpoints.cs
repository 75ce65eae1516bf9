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

    private static async Task<IResult> GetAsync(string name, string? start, string? end, string? format, MetricsService metrics, CancellationToken ct)
    {
        var samples = await metrics.GetAsync(name, Fields.Time(start, "start"), Fields.Time(end, "end"), ct);
        return format switch
        {
            null or "" or "seed" => TypedResults.Json(
                new MetricsResponse<SeedPoint>(MetricsMapping.ToDto(name, samples, MetricsMapping.SeedPoint)), MetricsJson.Wire.MetricsResponseSeedPoint),
            "ty" => TypedResults.Json(
                new MetricsResponse<TyPoint>(MetricsMapping.ToDto(name, samples, MetricsMapping.TyPoint)), MetricsJson.Wire.MetricsResponseTyPoint),
            _ => throw EcsException.BadRequest("format must be seed (default) or ty"),
        };
    }
}
