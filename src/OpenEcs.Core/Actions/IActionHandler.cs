using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

/// <summary>One run of one action, with a store that sees every account (system work).</summary>
public sealed record ActionRun(EcsDbContext Db, EcsAction Action, OperationContext Operation);

/// <summary>
/// Carries out one action type. <see cref="ExecuteAsync"/> may run more than once for one action (after a crash, or
/// when a request changed the resource meanwhile), so it must be idempotent; it ends by saving the resource's new
/// state together with the completed action. The token ends the run when the action is cancelled (by a delete) or
/// overruns its deadline: the runner then fails the action and calls <see cref="OnFailedAsync"/>.
/// </summary>
public interface IActionHandler
{
    Task ExecuteAsync(ActionRun run, CancellationToken ct);
    /// <summary>Puts the resource in the state a failed (or cancelled) action leaves it; saved with the failed action.</summary>
    Task OnFailedAsync(ActionRun run, CancellationToken ct);
}

/// <summary>An action type the runner knows: who carries it out and how long it may take before it is failed.</summary>
public sealed record ActionTypeInfo(string Type, TimeSpan Deadline);

public static class ActionHandlerRegistration
{
    /// <summary>Registers the handler of an action type (keyed by the type) and the type's default deadline.</summary>
    public static IServiceCollection AddActionHandler<THandler>(this IServiceCollection services, string type, TimeSpan deadline)
        where THandler : class, IActionHandler
    {
        services.AddKeyedScoped<IActionHandler, THandler>(type);
        services.AddSingleton(new ActionTypeInfo(type, deadline));
        return services;
    }
}

/// <summary>Every registered action type, with its deadline (OpenEcs:Actions:Deadlines:TYPE overrides the default).</summary>
public sealed class ActionTypes(IEnumerable<ActionTypeInfo> types, Microsoft.Extensions.Options.IOptions<OpenEcsOptions> options)
{
    private readonly Dictionary<string, ActionTypeInfo> _types = types.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _types.Keys;

    public bool IsKnown(string type) => _types.ContainsKey(type);

    public TimeSpan DeadlineOf(string type) =>
        options.Value.Actions.Deadlines.TryGetValue(type, out var configured) ? configured
        : _types.TryGetValue(type, out var info) ? info.Deadline
        : TimeSpan.FromHours(1);
}
