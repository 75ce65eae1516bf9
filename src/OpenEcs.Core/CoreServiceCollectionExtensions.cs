using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Emulator;
using OpenEcs.Core.Metrics;
using OpenEcs.Core.Services;

namespace OpenEcs.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Domain services, the action runner and the metrics sampler. The host adds the store and a hypervisor.</summary>
    public static IServiceCollection AddOpenEcsCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IValidateOptions<OpenEcsOptions>, OpenEcsOptionsValidator>();
        services.AddSingleton<PlanCatalog>();
        services.AddSingleton<AddressPool>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<ReplicaIdentity>();
        services.AddSingleton<Security.CredentialCache>();
        services.AddSingleton<ActionRunner>();
        services.AddSingleton<IActionQueue>(sp => sp.GetRequiredService<ActionRunner>());
        services.AddHostedService(sp => sp.GetRequiredService<ActionRunner>());
        services.AddSingleton<MetricsSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<MetricsSampler>());

        services.AddScoped<ServerService>();
        services.AddScoped<ActionService>();
        services.AddScoped<TemplateService>();
        services.AddScoped<GroupService>();
        services.AddScoped<SshKeyService>();
        services.AddScoped<ApiKeyService>();
        services.AddScoped<AccountService>();
        services.AddScoped<MetricsService>();
        services.AddScoped<Bootstrap>();

        services.AddScoped<IActionHandler, CreateServerHandler>();
        services.AddScoped<IActionHandler, DeleteServerHandler>();
        services.AddScoped<IActionHandler, PowerOnHandler>();
        services.AddScoped<IActionHandler, PowerOffHandler>();
        services.AddScoped<IActionHandler, ConsoleHandler>();
        services.AddScoped<IActionHandler, CreateTemplateHandler>();
        services.AddScoped<IActionHandler, DeleteTemplateHandler>();
        return services;
    }
}
