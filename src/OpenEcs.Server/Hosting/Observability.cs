using System.Net;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Telemetry;
using OpenEcs.Server.Errors;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// Prometheus metrics at /metrics (ASP.NET Core's HTTP server metrics by route and status, and the openecs_* series),
/// traces of requests and the action runs they start, and OTLP export when OpenEcs:Telemetry:OtlpEndpoint is set.
/// </summary>
public static class Observability
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddEcsObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        var otlp = configuration[$"{OpenEcsOptions.Section}:Telemetry:OtlpEndpoint"];
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("openecs"))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation().AddMeter(EcsTelemetry.Name).AddPrometheusExporter();
                if (!string.IsNullOrEmpty(otlp)) m.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
            });
        // Spans are made only when something listens: an OTLP collector here, or a test's own tracer provider.
        if (!string.IsNullOrEmpty(otlp))
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddSource(EcsTelemetry.Name).AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        return services;
    }

    /// <summary>The scrape endpoint, open to loopback and to OpenEcs:Metrics:AllowedNetworks only.</summary>
    public static WebApplication MapEcsMetrics(this WebApplication app)
    {
        var allowed = app.Services.GetRequiredService<IOptions<OpenEcsOptions>>().Value.Metrics.AllowedNetworks.Select(IPNetwork.Parse).ToList();
        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous().ExcludeFromDescription().AddEndpointFilter(async (context, next) =>
        {
            var from = context.HttpContext.Connection.RemoteIpAddress;
            if (from is { IsIPv4MappedToIPv6: true }) from = from.MapToIPv4();
            if (from is null || !(IPAddress.IsLoopback(from) || allowed.Any(n => n.Contains(from))))
                return ApiErrors.Result(403, "metrics are open to loopback and OpenEcs:Metrics:AllowedNetworks only", context.HttpContext);
            return await next(context);
        });
        return app;
    }
}
