using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Actions;

namespace OpenEcs.Core.Snapshots;

public static class SnapshotsModule
{
    public static IServiceCollection AddSnapshots(this IServiceCollection services)
    {
        services.AddScoped<SnapshotService>();
        services.AddActionHandler<CreateSnapshotHandler>(ActionType.CreateSnapshot, TimeSpan.FromHours(1));
        services.AddActionHandler<DeleteSnapshotHandler>(ActionType.DeleteSnapshot, TimeSpan.FromMinutes(30));
        services.AddActionHandler<RollbackHandler>(ActionType.Rollback, TimeSpan.FromHours(1));
        return services;
    }
}
