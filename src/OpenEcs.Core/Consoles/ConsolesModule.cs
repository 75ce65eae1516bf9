using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Actions;

namespace OpenEcs.Core.Consoles;

public static class ConsolesModule
{
    public static IServiceCollection AddConsoles(this IServiceCollection services)
    {
        services.AddScoped<ConsoleService>();
        services.AddActionHandler<ConsoleHandler>(ActionType.Console, TimeSpan.FromMinutes(5));
        return services;
    }
}
