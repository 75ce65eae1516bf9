using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.SshKeys;

public sealed class SshKey : ITenantOwned
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Label { get; set; }
    public required string Key { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class SshKeyConfiguration : IEntityTypeConfiguration<SshKey>
{
    public void Configure(EntityTypeBuilder<SshKey> e)
    {
        e.ToTable("SshKeys");
        e.HasIndex(k => new { k.AccountId, k.Label }).IsUnique();
    }
}

public static class SshKeyStore
{
    extension(EcsDbContext db)
    {
        public DbSet<SshKey> SshKeys => db.Set<SshKey>();
    }
}
