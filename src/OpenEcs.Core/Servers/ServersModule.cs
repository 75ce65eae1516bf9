using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Actions;

namespace OpenEcs.Core.Servers;

public static class ServersModule
{
    public static IServiceCollection AddServers(this IServiceCollection services)
    {
        services.AddScoped<ServerService>();
        services.AddHostedService<UserScriptWatcher>();
        services.AddActionHandler<CreateServerHandler>(ActionType.CreateServer, TimeSpan.FromMinutes(30));
        services.AddActionHandler<DeleteServerHandler>(ActionType.DeleteServer, TimeSpan.FromMinutes(15));
        services.AddActionHandler<PowerOnHandler>(ActionType.PowerOn, TimeSpan.FromMinutes(15));
        services.AddActionHandler<PowerOffHandler>(ActionType.PowerOff, TimeSpan.FromMinutes(15));
        return services;
    }
}
