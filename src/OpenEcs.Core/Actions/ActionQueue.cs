using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

/// <summary>Wakes the action runner after a new action has been committed.</summary>
public interface IActionQueue
{
    void Notify();
}

public static class NewAction
{
    /// <summary>
    /// Names a new resource, stores it with its first action in one transaction, then wakes the runner: the one way a
    /// resource that takes time to make comes into being.
    /// </summary>
    public static async Task<(T Resource, EcsAction Action)> CreateWithActionAsync<T>(
        EcsDbContext db, IActionQueue queue, string namePrefix, Func<string, T> build, Func<T, EcsAction> firstAction,
        CancellationToken ct) where T : class
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var resource = build(await Services.NameAllocator.NextAsync(db, namePrefix, ct));
        var action = firstAction(resource);
        db.Add(resource);
        db.Actions.Add(action);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        queue.Notify();
        return (resource, action);
    }

    /// <summary>An in-progress action, started now, for the caller to add in the same transaction as its resource.</summary>
    public static EcsAction For(Tenant tenant, string type, string resource, string resourceType, DateTimeOffset now) => new()
    {
        AccountId = tenant.AccountId,
        Username = tenant.Username,
        Type = type,
        Resource = resource,
        ResourceType = resourceType,
        Status = ActionStatus.InProgress,
        CreatedAt = now,
        StartedAt = now,
    };
}
