using Microsoft.Extensions.DependencyInjection;

namespace OpenEcs.Core.ApiKeys;

public static class ApiKeysModule
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services)
    {
        services.AddScoped<ApiKeyService>();

        return services;
    }
}
