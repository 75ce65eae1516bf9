using OpenEcs.Core.Domain;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

/// <summary>One run of one action, with a store that sees every account (system work).</summary>
public sealed record ActionRun(EcsDbContext Db, EcsAction Action, OperationContext Operation);

/// <summary>
/// Carries out one action type. <see cref="ExecuteAsync"/> may run more than once for one action (after a crash), so it
/// must be idempotent; it ends by saving the resource's new state together with the completed action.
/// </summary>
public interface IActionHandler
{
    string Type { get; }
    Task ExecuteAsync(ActionRun run, CancellationToken ct);
    /// <summary>Puts the resource in the state a failed action leaves it; saved together with the failed action.</summary>
    Task OnFailedAsync(ActionRun run, CancellationToken ct);
}
