using Microsoft.Extensions.DependencyInjection;

namespace OpenEcs.Core.Scripts;

public static class ScriptsModule
{
    public static IServiceCollection AddScripts(this IServiceCollection services)
    {
        services.AddScoped<ScriptService>();
        return services;
    }
}
