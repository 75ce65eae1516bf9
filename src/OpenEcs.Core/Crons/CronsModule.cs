using Microsoft.Extensions.DependencyInjection;

namespace OpenEcs.Core.Crons;

public static class CronsModule
{
    public static IServiceCollection AddCrons(this IServiceCollection services)
    {
        services.AddScoped<CronService>();
        services.AddSingleton<SnapshotScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<SnapshotScheduler>());
        return services;
    }
}
