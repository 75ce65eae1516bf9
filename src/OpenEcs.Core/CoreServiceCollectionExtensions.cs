using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Addresses;
using OpenEcs.Core.Billing;
using OpenEcs.Core.ApiKeys;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Consoles;
using OpenEcs.Core.Crons;
using OpenEcs.Core.Emulator;
using OpenEcs.Core.Groups;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Metrics;
using OpenEcs.Core.Networks;
using OpenEcs.Core.Scripts;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Snapshots;
using OpenEcs.Core.SshKeys;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Telemetry;
using OpenEcs.Core.Templates;

namespace OpenEcs.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// The machinery (action starter and runner, reconciler, metrics sampler) and every resource's module. The host
    /// adds the store (with its <see cref="IStoreDialect"/>), a hypervisor and the metrics factory (IMeterFactory).
    /// </summary>
    public static IServiceCollection AddOpenEcsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WallClock>();
        services.AddSingleton<IValidateOptions<OpenEcsOptions>, OpenEcsOptionsValidator>();
        services.AddSingleton<PlanCatalog>();
        services.AddSingleton<AddressPool>();
        services.AddSingleton<ActionTypes>();
        services.AddSingleton<FaultInjector>(sp => new FaultInjector(sp.GetRequiredService<ActionTypes>()));
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<Security.CredentialCache>();
        services.AddSingleton<Security.PasswordHasher>();
        services.AddSingleton<StoreGauges>();
        services.AddHostedService(sp => sp.GetRequiredService<StoreGauges>());
        services.AddSingleton<EcsTelemetry>();
        services.AddScoped<ActionStarter>();
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<IActionQueue>(sp => sp.GetRequiredService<ActionRunner>());
        services.AddHostedService<HypervisorReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<ActionRunner>());
        services.AddSingleton<MetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsSampler>());
        services.AddScoped<ActionService>();
        services.AddScoped<CatalogService>();
        services.AddScoped<EmulatorService>();
        services.AddScoped<MetricsService>();

        services.AddAccounts()
            .AddApiKeys()
            .AddServers()
            .AddConsoles()
            .AddTemplates()
            .AddScripts()
            .AddSnapshots()
            .AddNetworks()
            .AddCrons()
            .AddGroups()
            .AddSshKeys()
            .AddBilling();
        return services;
    }
}
