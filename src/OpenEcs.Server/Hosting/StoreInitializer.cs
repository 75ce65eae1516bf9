using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Storage;
using OpenEcs.Storage;

namespace OpenEcs.Server.Hosting;

/// <summary>
/// Before anything else starts: on SQLite, hold the data folder (one process owns the store: a second one would void
/// the first one's leases and run its actions too), then migrate the store and make sure the admin account exists.
/// </summary>
public sealed class StoreInitializer(IServiceScopeFactory scopes, StoreSettings store, IOptions<OpenEcsOptions> options) : IHostedService, IDisposable
{
    private IDisposable? _folder;

    public async Task StartAsync(CancellationToken ct)
    {
        if (store.Provider == StorageServiceCollectionExtensions.Sqlite) _folder = DataFolder.Lock(options.Value.FullDataDir);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await StorageServiceCollectionExtensions.MigrateAsync(scope.ServiceProvider.GetRequiredService<EcsDbContext>(), store.ApplyMigrations, ct);
            await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureAdminAsync(ct);
        }
        catch
        {
            Dispose(); // a start that fails lets the folder go at once
            throw;
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>With the container, after every hosted service has stopped.</summary>
    public void Dispose() => _folder?.Dispose();
}
