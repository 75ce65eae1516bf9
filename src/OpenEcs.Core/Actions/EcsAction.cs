using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Actions;

/// <summary>
/// One unit of asynchronous work on one resource. The in-progress actions of a resource form its queue, in id order:
/// the runner carries out only the first of each queue.
/// </summary>
public sealed class EcsAction : IGroupVisible<EcsAction>
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public required string Username { get; set; }
    public required string Type { get; set; }
    public required string Resource { get; set; }
    public required string ResourceType { get; set; }
    /// <summary>The queue the action waits in: its resource's name, or the name of the resource it belongs to (a
    /// snapshot's actions queue with its server's, so that a snapshot never overlaps a power action or a rollback).</summary>
    public required string Queue { get; set; }
    /// <summary>The snapshot a rollback restores.</summary>
    public long? SnapshotId { get; set; }
    public string Status { get; set; } = ActionStatus.InProgress;
    public int Progress { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>When the runner first took it up (its schedule and deadline count from here); null while queued.</summary>
    public DateTimeOffset? BeganAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>The runner (replica) that holds the action, until <see cref="LeaseUntil"/>; a concurrency token, so a
    /// runner that lost its claim cannot write the action any more.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    /// <summary>The delete that cancelled this action; a concurrency token, so a runner that has not noticed yet cannot
    /// save progress over the cancellation.</summary>
    public long? CancelledBy { get; set; }
    /// <summary>The W3C traceparent of the request that started the action: its run is traced as that request's child.</summary>
    public string? TraceParent { get; set; }

    /// <summary>A group login sees the actions of the servers it sees.</summary>
    public static Expression<Func<EcsAction, long, EcsDbContext, bool>> InGroup =>
        (a, _, db) => db.Set<Server>().Any(s => s.Name == a.Resource);

    public bool IsFinished => Status != ActionStatus.InProgress;

    /// <summary>Marks the action completed; the caller saves it together with the resource change.</summary>
    public void Complete(DateTimeOffset now)
    {
        Status = ActionStatus.Completed;
        Progress = 100;
        CompletedAt = now;
        Message = null;
    }

    public void Fail(string message, DateTimeOffset now)
    {
        Status = ActionStatus.Failed;
        Message = message;
        CompletedAt = now;
    }
}

public static class ActionStatus
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

public static class ActionType
{
    public const string CreateServer = "create_server";
    public const string DeleteServer = "delete_server";
    public const string PowerOn = "power_on";
    public const string PowerOff = "power_off";
    public const string Console = "console";
    public const string CreateTemplate = "create_template";
    public const string DeleteTemplate = "delete_template";
    public const string CreateSnapshot = "create_snapshot";
    public const string DeleteSnapshot = "delete_snapshot";
    public const string Rollback = "rollback";
    public const string AddVlan = "add_vlan";
    public const string UpdateVlan = "update_vlan";
    public const string DeleteVlan = "delete_vlan";
}

/// <summary>The contract's resource_type words.</summary>
public static class ResourceType
{
    public const string Server = "ECS";
    public const string Template = "ECI";
    public const string Snapshot = "SNP";
    /// <summary>A server's interface on a private network (the docs' VLAN actions).</summary>
    public const string Network = "network";
}

internal sealed class EcsActionConfiguration : IEntityTypeConfiguration<EcsAction>
{
    public void Configure(EntityTypeBuilder<EcsAction> e)
    {
        e.ToTable("Actions");
        e.HasIndex(a => new { a.AccountId, a.Id });
        e.HasIndex(a => new { a.AccountId, a.Resource });
        e.HasIndex(a => new { a.Status, a.LeaseUntil });
        e.HasIndex(a => new { a.Resource, a.Status });
        e.HasIndex(a => new { a.Queue, a.Status });
        e.Property(a => a.Queue).HasMaxLength(64);
        e.Property(a => a.LeaseOwner).HasMaxLength(64).IsConcurrencyToken();
        e.Property(a => a.CancelledBy).IsConcurrencyToken();
        e.Property(a => a.TraceParent).HasMaxLength(64);
    }
}

public static class EcsActionStore
{
    extension(EcsDbContext db)
    {
        public DbSet<EcsAction> Actions => db.Set<EcsAction>();
    }
}
