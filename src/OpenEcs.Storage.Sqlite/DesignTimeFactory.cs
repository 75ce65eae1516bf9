using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenEcs.Core.Storage;

namespace OpenEcs.Storage.Sqlite;

/// <summary>Lets `dotnet ef migrations add` build the context for SQLite without the host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EcsDbContext>
{
    public EcsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EcsDbContext>()
        .UseSqlite("Data Source=design.db", s => s.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.FullName)).Options, new SqliteDialect());
}
