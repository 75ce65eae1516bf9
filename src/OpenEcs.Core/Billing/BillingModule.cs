using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.AuditLogs;
using OpenEcs.Core.Hosts;
using OpenEcs.Core.Isolations;
using OpenEcs.Core.Reservations;
using OpenEcs.Core.Support;

namespace OpenEcs.Core.Billing;

/// <summary>The account side: placement and isolation, support, reserved periods, bills and the audit trail.</summary>
public static class BillingModule
{
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        // The embedded default's virtual hosts, or the hosts whose agents joined a control plane.
        services.AddScoped<IServerPlacement>(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<OpenEcsOptions>>().Value.Hypervisor.IsAgents
            ? ActivatorUtilities.CreateInstance<AgentPlacement>(sp)
            : ActivatorUtilities.CreateInstance<VirtualHostPlacement>(sp));
        services.AddScoped<HostService>();
        services.AddHostedService<HostMonitor>();
        services.AddScoped<IsolationService>();
        services.AddScoped<SupportService>();
        services.AddScoped<ReservationService>();
        services.AddScoped<BillingService>();
        services.AddScoped<AuditLogService>();
        services.AddSingleton<AuditTrail>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditTrail>());
        return services;
    }
}
