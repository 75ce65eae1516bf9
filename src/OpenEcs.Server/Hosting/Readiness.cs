using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Storage;
using OpenEcs.Hypervisors.Qemu;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// <c>/healthz/ready</c>: may this replica take traffic? The store answers, its schema is current, the hypervisor can
/// run servers. 200 or 503, with a JSON body naming each check. <c>/healthz</c> stays the liveness probe: a store
/// outage must not get every replica restarted.
/// </summary>
public static class Readiness
{
    public const string Path = "/healthz/ready";
    private const string Tag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreCheck>("store", tags: [Tag], timeout: CheckTimeout)
            .AddCheck<MigrationsCheck>("migrations", tags: [Tag], timeout: CheckTimeout)
            .AddCheck<HypervisorCheck>("hypervisor", tags: [Tag], timeout: CheckTimeout);
        return services;
    }

    public static IEndpointConventionBuilder MapReadiness(this IEndpointRouteBuilder app) =>
        app.MapHealthChecks(Path, new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(Tag),
            ResponseWriter = WriteAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).AllowAnonymous();

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        var body = new ReadinessReport(Word(report.Status), report.Entries.ToDictionary(e => e.Key, e => new ReadinessCheck(
            Word(e.Value.Status),
            // An exception's message only: a probe's body is no place for a stack trace.
            e.Value.Description ?? e.Value.Exception?.Message ?? "",
            Math.Round(e.Value.Duration.TotalMilliseconds, 1))));
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(http.Response.Body, body, ReadinessJson.Default.ReadinessReport, http.RequestAborted);
    }

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };

    private sealed class StoreCheck(EcsDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
            await db.Database.CanConnectAsync(ct)
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} answers")
                : HealthCheckResult.Unhealthy("the store does not answer");
    }

    private sealed class MigrationsCheck(EcsDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy("the schema is current")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: {string.Join(", ", pending)}");
        }
    }

    /// <summary>The simulator always can; QEMU needs its programs and images folder, checked as at start-up; a control
    /// plane is ready with no agent at all (hosts join when they come), and says how many it holds.</summary>
    private sealed class HypervisorCheck(
        IOptions<OpenEcsOptions> ecs, IOptions<QemuOptions> qemu, IValidateOptions<QemuOptions> validator, Hosts.AgentConnections agents)
        : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct)
        {
            if (ecs.Value.Hypervisor.IsAgents)
                return Task.FromResult(HealthCheckResult.Healthy($"agents ({agents.Connected.Count} connected to this replica)"));
            if (!ecs.Value.Hypervisor.IsQemu) return Task.FromResult(HealthCheckResult.Healthy("simulated"));
            var result = validator.Validate(null, qemu.Value);
            return Task.FromResult(result.Failed
                ? HealthCheckResult.Unhealthy(string.Join("; ", result.Failures ?? []))
                : HealthCheckResult.Healthy($"qemu ({(File.Exists("/dev/kvm") ? "/dev/kvm present" : "no /dev/kvm: TCG only")})"));
        }
    }
}

public sealed record ReadinessReport(string Status, Dictionary<string, ReadinessCheck> Checks);

public sealed record ReadinessCheck(string Status, string Description, double DurationMs);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class ReadinessJson : JsonSerializerContext;
