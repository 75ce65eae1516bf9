using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Scalar.AspNetCore;
using OpenEcs.Core;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Telemetry;
using OpenEcs.Core.Tenancy;
using OpenEcs.Hypervisors.Qemu;
using OpenEcs.Hypervisors.Simulated;
using OpenEcs.Panel.Hosting;
using OpenEcs.Server.Accounts;
using OpenEcs.Server.AuditLogs;
using OpenEcs.Server.Billing;
using OpenEcs.Server.Isolations;
using OpenEcs.Server.Reservations;
using OpenEcs.Server.Support;
using OpenEcs.Server.Actions;
using OpenEcs.Server.ApiKeys;
using OpenEcs.Server.Auth;
using OpenEcs.Server.Catalog;
using OpenEcs.Server.Consoles;
using OpenEcs.Server.Crons;
using OpenEcs.Server.Emulator;
using OpenEcs.Server.Errors;
using OpenEcs.Server.Groups;
using OpenEcs.Server.Hosts;
using OpenEcs.Server.Networks;
using OpenEcs.Server.Metrics;
using OpenEcs.Server.Scripts;
using OpenEcs.Server.Servers;
using OpenEcs.Server.Snapshots;
using OpenEcs.Server.SshKeys;
using OpenEcs.Server.Templates;
using OpenEcs.Server.Contracts;
using OpenEcs.Storage;

namespace OpenEcs.Server.Hosting;

/// <summary>The server as a library: Program.cs and the tests build the same app from arguments.</summary>
public static class OpenEcsApp
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json sits beside the binary; `dotnet run --project` starts elsewhere.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.AddOpenEcsLogging();
        // Type=notify: systemd learns when the API is up; elsewhere this does nothing.
        builder.Services.AddSystemd();
        builder.Services.AddOpenEcsServer(builder.Configuration);
        var app = builder.Build();
        app.UseOpenEcs();
        return app;
    }

    public static IServiceCollection AddOpenEcsServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpenEcsOptions>().Bind(configuration.GetSection(OpenEcsOptions.Section)).ValidateOnStart();
        // Options decide the store, clock and hypervisor when first resolved, never while the builder runs.
        services.AddSingleton<TimeProvider>(sp =>
            sp.GetRequiredService<IOptions<OpenEcsOptions>>().Value.Simulator.Speed == SimulatorSpeed.Manual
                ? new FakeTimeProvider(sp.GetRequiredService<IOptions<OpenEcsOptions>>().Value.Simulator.ManualClockStart ?? DateTimeOffset.UtcNow)
                : TimeProvider.System);
        services.AddOpenEcsCore();
        services.AddSingleton<SimulatedHypervisor>();
        services.AddOptions<QemuOptions>().Bind(configuration.GetSection(QemuOptions.Section)).ValidateOnStart();
        services.AddQemuHypervisor();
        services.AddAgentChannel();
        services.AddSingleton<IHypervisor>(sp => new InstrumentedHypervisor(
            sp.GetRequiredService<IOptions<OpenEcsOptions>>().Value.Hypervisor switch
            {
                { IsAgents: true } => sp.GetRequiredService<AgentHypervisor>(),
                { IsQemu: true } => sp.GetRequiredService<QemuHypervisor>(),
                _ => sp.GetRequiredService<SimulatedHypervisor>(),
            },
            sp.GetRequiredService<EcsTelemetry>()));
        services.AddOpenEcsStore(sp => StoreOf(sp.GetRequiredService<IOptions<OpenEcsOptions>>().Value, sp.GetRequiredService<IConfiguration>()));
        // Registered before the runner and sampler so that the store is ready when they start.
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, StoreInitializer>());

        services.AddHttpContextAccessor();
        services.AddSingleton<ITenantAccessor, HttpTenantAccessor>();
        services.AddSingleton<JwtIssuer>();
        services.AddSingleton<LoginThrottle>();
        services.AddAuthentication(EcsAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, EcsAuthenticationHandler>(EcsAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(EmulatorEndpoints.AdminPolicy, p => p.RequireClaim(EcsAuthenticationHandler.AdminClaim, "true"));
        services.Configure<JsonOptions>(o =>
        {
            // The framework's own writers (the OpenAPI schemas among them) follow the wire's conventions.
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            foreach (var context in WireJson.All()) o.SerializerOptions.TypeInfoResolverChain.Insert(0, context);
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<OpenEcsOptions>>((k, o) =>
        {
            k.Limits.MaxRequestBodySize = o.Value.Limits.MaxBodyBytes;
            k.AddServerHeader = false;
        });
        // Only the configured proxies are believed (none by default); the client they name is whom throttling sees. The
        // web panel of this process shows its key instead (FrontEndForwarding).
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<OpenEcsOptions>>((f, o) =>
        {
            f.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            f.KnownProxies.Clear();
            f.KnownIPNetworks.Clear();
            foreach (var proxy in o.Value.ForwardedHeaders.KnownProxies) f.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            foreach (var network in o.Value.ForwardedHeaders.KnownNetworks) f.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        services.AddAccountRateLimiting();
        services.AddExceptionHandler<EcsExceptionHandler>();
        services.AddProblemDetails();
        services.AddEcsOpenApi();
        services.AddEcsObservability(configuration);
        services.AddReadinessChecks();
        services.AddPanel(configuration);
        return services;
    }

    public static WebApplication UseOpenEcs(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<OpenEcsOptions>>().Value;
        if (options.ForwardedHeaders.KnownProxies.Count + options.ForwardedHeaders.KnownNetworks.Count > 0) app.UseForwardedHeaders();
        app.UseFrontEndForwarding();
        app.UseExceptionHandler();
        app.UseStatusCodePages(ApiErrors.WriteStatusCodePageAsync);
        app.UseWebSockets();
        app.UseNulGuard();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseGrpcWeb();

        app.MapGet("/healthz", () => Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse)).AllowAnonymous();
        app.MapReadiness();
        app.MapEcsMetrics();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/scalar", o => o.WithTitle("OpenECS API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();
        var api = app.MapGroup("/ecs/v2").RequireAuthorization().ProducesApiErrors().AddEndpointFilter<AuditFilter>();
        api.MapLoginEndpoints()
            .MapAccountEndpoints()
            .MapApiKeysEndpoints()
            .MapServersEndpoints()
            .MapMetricsEndpoints()
            .MapActionsEndpoints()
            .MapTemplatesEndpoints()
            .MapScriptsEndpoints()
            .MapSnapshotsEndpoints()
            .MapNetworksEndpoints()
            .MapCronsEndpoints()
            .MapGroupsEndpoints()
            .MapCatalogEndpoints()
            .MapSshKeysEndpoints()
            .MapSupportEndpoints()
            .MapReservationEndpoints()
            .MapIsolationEndpoints()
            .MapBillingEndpoints()
            .MapAuditLogsEndpoints();
        app.MapConsoleEndpoints();
        if (options.Hypervisor.IsAgents) app.MapAgentChannel();
        if (options.Emulator.Enabled) app.MapEmulatorEndpoints();
        StartupLog.Mode(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OpenEcsApp)), options.Emulator.Enabled);
        app.MapPanel();
        return app;
    }

    /// <summary>SQLite in the data folder, or PostgreSQL at ConnectionStrings:OpenEcs.</summary>
    public static StoreSettings StoreOf(OpenEcsOptions options, IConfiguration configuration)
    {
        var provider = options.Storage.Provider;
        if (provider == StorageServiceCollectionExtensions.Postgres)
        {
            var cs = configuration.GetConnectionString("OpenEcs");
            if (string.IsNullOrWhiteSpace(cs))
                throw new OptionsValidationException(nameof(OpenEcsOptions), typeof(OpenEcsOptions),
                    ["ConnectionStrings:OpenEcs must be set when OpenEcs:Storage:Provider is postgres (env ConnectionStrings__OpenEcs)"]);
            DataFolder.Prepare(options.FullDataDir);
            return new StoreSettings(provider, cs, options.Storage.ApplyMigrations);
        }
        var path = Path.Combine(DataFolder.Prepare(options.FullDataDir), "openecs.db");
        return new StoreSettings(provider, StorageServiceCollectionExtensions.SqliteConnectionString(path), options.Storage.ApplyMigrations);
    }
}
