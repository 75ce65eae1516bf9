using Microsoft.Extensions.DependencyInjection;

namespace OpenEcs.Core.Groups;

public static class GroupsModule
{
    public static IServiceCollection AddGroups(this IServiceCollection services)
    {
        services.AddScoped<GroupService>();

        return services;
    }
}
