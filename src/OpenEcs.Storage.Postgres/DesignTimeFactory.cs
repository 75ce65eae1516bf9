using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using OpenEcs.Core.Storage;

namespace OpenEcs.Storage.Postgres;

/// <summary>Lets `dotnet ef migrations add` build the context for PostgreSQL without the host (no server needed).</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<EcsDbContext>
{
    public EcsDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<EcsDbContext>()
        .UseNpgsql("Host=localhost;Database=design", s => s.MigrationsAssembly(typeof(DesignTimeFactory).Assembly.FullName)).Options, new PostgresDialect());
}
