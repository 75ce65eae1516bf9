using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Emulator;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.ApiKeys;

/// <summary>A long-lived API token; only its SHA-256 is stored.</summary>
[KeptOnEmulatorReset]
public sealed class ApiKey : ITenantOwned
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Notes { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> e)
    {
        e.ToTable("ApiKeys");
        e.HasIndex(k => k.TokenHash).IsUnique();
        e.HasIndex(k => k.AccountId);
    }
}

public static class ApiKeyStore
{
    extension(EcsDbContext db)
    {
        public DbSet<ApiKey> ApiKeys => db.Set<ApiKey>();
    }
}
