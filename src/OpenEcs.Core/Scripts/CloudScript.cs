using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Scripts;

/// <summary>A script of an account's library (<c>/scripts</c>), run once on a server created with its id.</summary>
public sealed class CloudScript : ITenantOwned
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    /// <summary>The owner's username, as the wire's <c>user</c>.</summary>
    public required string Username { get; set; }
    public required string Title { get; set; }
    public required string Content { get; set; }
    public bool Windows { get; set; }
    /// <summary>Visible to every account (the operator's scripts); only its owner changes it.</summary>
    public bool Public { get; set; }
    public string? Category { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class CloudScriptConfiguration : IEntityTypeConfiguration<CloudScript>
{
    public void Configure(EntityTypeBuilder<CloudScript> e)
    {
        e.ToTable("Scripts");
        e.HasIndex(s => s.AccountId);
        e.HasIndex(s => s.Public);
        e.Property(s => s.Title).HasMaxLength(ScriptService.MaxTitleLength);
        e.Property(s => s.Username).HasMaxLength(64);
    }
}

public static class CloudScriptStore
{
    extension(EcsDbContext db)
    {
        public DbSet<CloudScript> Scripts => db.Set<CloudScript>();
    }
}
