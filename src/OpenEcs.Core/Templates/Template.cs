using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Templates;

public sealed class Template : ITenantOwned, IActionResource
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long AccountId { get; set; }
    public Guid Uuid { get; set; }
    public string Description { get; set; } = "";
    public string Notes { get; set; } = "";
    public required string SoBase { get; set; }
    public int RequiredDisk { get; set; }
    public required string SourceServer { get; set; }
    /// <summary>The snapshot of <see cref="SourceServer"/> it was captured from; null: the server as it is.</summary>
    public long? SourceSnapshotId { get; set; }
    public string Status { get; set; } = TemplateStatus.Creating;
    public bool ActiveFlag { get; set; }
    public DateTimeOffset CreationDate { get; set; }
    public DateTimeOffset? DeletionDate { get; set; }
    /// <summary>Optimistic concurrency token, bumped on every write.</summary>
    public int Version { get; set; }

    string IActionResource.ResourceType => ResourceType.Template;
    string IActionResource.DeleteActionType => ActionType.DeleteTemplate;
    bool IActionResource.IsDeleting => Status == TemplateStatus.Deleting;
}

/// <summary>The seed's words (the captured responses show "CD" for images; CONTRACT.md: the seed wins).</summary>
public static class TemplateStatus
{
    public const string Creating = "Creating";
    public const string Created = "Created";
    public const string Deleting = "Deleting";
    public const string Deleted = "Deleted";
}

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> e)
    {
        e.ToTable("Templates");
        e.HasIndex(t => t.Name).IsUnique();
        e.Property(t => t.Version).IsConcurrencyToken();
    }
}

public static class TemplateStore
{
    extension(EcsDbContext db)
    {
        public DbSet<Template> Templates => db.Set<Template>();
    }
}
