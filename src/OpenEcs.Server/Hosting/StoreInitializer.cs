using OpenEcs.Core.Accounts;
using OpenEcs.Core.ApiKeys;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Storage;
using OpenEcs.Storage;

namespace OpenEcs.Server.Hosting;

/// <summary>Before anything else starts: migrate the store and make sure the admin account exists.</summary>
public sealed class StoreInitializer(IServiceScopeFactory scopes, StoreSettings store) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await StorageServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<EcsDbContext>(), store.ApplyMigrations, ct);
        await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureAdminAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
