using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Storage;

namespace OpenEcs.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The embedded store: one SQLite file in the data folder, in WAL mode.</summary>
    public static IServiceCollection AddOpenEcsSqlite(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        services.AddDbContext<EcsDbContext>((sp, o) => o.UseSqlite(SqliteConnectionString(databasePath(sp)),
            s => s.MigrationsAssembly(typeof(StorageServiceCollectionExtensions).Assembly.FullName)));
        return services;
    }

    public static string SqliteConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Applies pending migrations and the pragmas the store relies on.</summary>
    public static async Task MigrateAsync(EcsDbContext db, CancellationToken ct)
    {
        if (db.Database.IsSqlite())
        {
            // WAL: readers never block the writer, and a committed transaction survives kill -9 of the process.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
    }
}

/// <summary>Lets `dotnet ef migrations add` build the context without the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EcsDbContext>
{
    public EcsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EcsDbContext>()
        .UseSqlite("Data Source=design.db", s => s.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.FullName)).Options);
}
