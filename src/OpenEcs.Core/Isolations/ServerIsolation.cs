using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Isolations;

/// <summary>Two servers kept on different hosts (<c>isolate_from</c> on create); either one lists the other.</summary>
public sealed class ServerIsolation : IGroupVisible<ServerIsolation>
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    /// <summary>The server created with <c>isolate_from</c>.</summary>
    public long ServerId { get; set; }
    /// <summary>A server it named.</summary>
    public long IsolatedFromId { get; set; }

    /// <summary>A group login sees the isolations of the servers it sees.</summary>
    public static Expression<Func<ServerIsolation, long, EcsDbContext, bool>> InGroup =>
        (i, group, db) => db.Set<Server>().Any(s => s.Id == i.ServerId && s.GroupId == group);
}

internal sealed class ServerIsolationConfiguration : IEntityTypeConfiguration<ServerIsolation>
{
    public void Configure(EntityTypeBuilder<ServerIsolation> e)
    {
        e.ToTable("ServerIsolations");
        e.HasOne<Server>().WithMany().HasForeignKey(i => i.ServerId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Server>().WithMany().HasForeignKey(i => i.IsolatedFromId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(i => new { i.ServerId, i.IsolatedFromId }).IsUnique();
        e.HasIndex(i => i.IsolatedFromId);
    }
}

public static class ServerIsolationStore
{
    extension(EcsDbContext db)
    {
        public DbSet<ServerIsolation> ServerIsolations => db.Set<ServerIsolation>();
    }
}
