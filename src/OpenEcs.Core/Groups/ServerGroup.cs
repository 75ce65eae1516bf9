using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Groups;

public sealed class ServerGroup : IGroupVisible<ServerGroup>
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public string Notes { get; set; } = "";
    /// <summary>Null when the group was created without a password: then no one can log in to its subview.</summary>
    public string? PasswordHash { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public static Expression<Func<ServerGroup, long, EcsDbContext, bool>> InGroup => (g, group, _) => g.Id == group;
}

internal sealed class ServerGroupConfiguration : IEntityTypeConfiguration<ServerGroup>
{
    public void Configure(EntityTypeBuilder<ServerGroup> e)
    {
        e.ToTable("Groups");
        e.HasIndex(g => g.Name).IsUnique();
    }
}

public static class ServerGroupStore
{
    extension(EcsDbContext db)
    {
        public DbSet<ServerGroup> Groups => db.Set<ServerGroup>();
    }
}
