using Microsoft.Extensions.DependencyInjection;

namespace OpenEcs.Core.SshKeys;

public static class SshKeysModule
{
    public static IServiceCollection AddSshKeys(this IServiceCollection services)
    {
        services.AddScoped<SshKeyService>();

        return services;
    }
}
