namespace OpenEcs.Core.Actions;

/// <summary>A resource that actions act on: named, versioned (a concurrency token), deleted by an action of its own.</summary>
public interface IActionResource
{
    long Id { get; }
    long AccountId { get; }
    string Name { get; }
    /// <summary>Bumped by every change; the store refuses a save made from an older version.</summary>
    int Version { get; set; }
    /// <summary>The contract's resource_type of its actions (ECS, ECI, ...).</summary>
    string ResourceType { get; }
    string DeleteActionType { get; }
    bool IsDeleting { get; }
    /// <summary>The queue its actions wait in (<see cref="EcsAction.Queue"/>): its own name unless it belongs to another resource.</summary>
    string Queue => Name;
}
