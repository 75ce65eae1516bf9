using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Storage;

namespace OpenEcs.Storage;

/// <summary>Which store and where: SQLite (one file, one process) or PostgreSQL (any number of API replicas).</summary>
public sealed record StoreSettings(string Provider, string ConnectionString, bool ApplyMigrations)
{
    /// <summary>The EF Core provider's name, as /_openecs/health has always reported it.</summary>
    public string ProviderName => Provider == StorageServiceCollectionExtensions.Postgres
        ? "Npgsql.EntityFrameworkCore.PostgreSQL"
        : "Microsoft.EntityFrameworkCore.Sqlite";
}

public static class StorageServiceCollectionExtensions
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    /// <summary>How long a SQLite command waits for the write lock before it fails.</summary>
    private const int SqliteTimeoutSeconds = 30;

    public static IServiceCollection AddOpenEcsStore(this IServiceCollection services, Func<IServiceProvider, StoreSettings> settings)
    {
        services.AddSingleton(settings);
        services.AddSingleton<IStoreDialect>(sp => sp.GetRequiredService<StoreSettings>().Provider == Postgres
            ? new OpenEcs.Storage.Postgres.PostgresDialect()
            : new OpenEcs.Storage.Sqlite.SqliteDialect());
        services.AddDbContext<EcsDbContext>((sp, o) =>
        {
            var store = sp.GetRequiredService<StoreSettings>();
            _ = store.Provider switch
            {
                Sqlite => o.UseSqlite(store.ConnectionString, s => s.MigrationsAssembly("OpenEcs.Storage.Sqlite"))
                    .AddInterceptors(new SqliteBusyTimeout(SqliteTimeoutSeconds * 1000))
                    // Design-time cautions about SQLite table rebuilds (backfill SQL beside a pending rebuild, the
                    // foreign-key pragma outside the transaction): the shipped migrations' SQL was reviewed and runs in
                    // every test's fresh store, so a first start does not greet the operator with four warnings.
                    .ConfigureWarnings(w => w.Ignore(SqliteEventId.TableRebuildPendingWarning, RelationalEventId.NonTransactionalMigrationOperationWarning)),
                Postgres => o.UseNpgsql(store.ConnectionString, s => s.MigrationsAssembly("OpenEcs.Storage.Postgres")),
                _ => throw new InvalidOperationException($"OpenEcs:Storage:Provider '{store.Provider}' is unknown: use sqlite or postgres"),
            };
        // The options are the same for every context (the settings are a singleton, the interceptor is stateless):
        // built once, not per request scope (bench/: a tenth of a GET went to building them and finding EF Core's
        // internal service provider again).
        }, optionsLifetime: ServiceLifetime.Singleton);
        return services;
    }

    public static string SqliteConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = SqliteTimeoutSeconds,
    }.ToString();

    /// <summary>Brings the schema up to date, or refuses to start when told not to migrate and the schema is behind.</summary>
    public static async Task MigrateAsync(EcsDbContext db, bool apply, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            // WAL: readers never block the writer, and a committed transaction survives kill -9 of the process.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        // Pending migrations are read first: on a store that is up to date (every start but the first) this skips
        // MigrateAsync's lock, history-table script and model diff (bench/: startup).
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0) return;
        if (apply)
        {
            await db.Database.MigrateAsync(ct);
            return;
        }
        throw new InvalidOperationException(
            $"the database schema is behind ({pending.Count} migration(s) pending: {string.Join(", ", pending)}) and " +
            "OpenEcs:Storage:ApplyMigrations is false: apply them (set it to true for one start) and start again");
    }
}
