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
