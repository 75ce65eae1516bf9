using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Actions;

namespace OpenEcs.Core.Networks;

public static class NetworksModule
{
    public static IServiceCollection AddNetworks(this IServiceCollection services)
    {
        services.AddScoped<NetworkService>();
        // A reboot of the server, at most, each.
        services.AddActionHandler<AddVlanHandler>(ActionType.AddVlan, TimeSpan.FromMinutes(30));
        services.AddActionHandler<UpdateVlanHandler>(ActionType.UpdateVlan, TimeSpan.FromMinutes(10));
        services.AddActionHandler<DeleteVlanHandler>(ActionType.DeleteVlan, TimeSpan.FromMinutes(30));
        return services;
    }
}
