using OpenEcs.Core.Actions;

namespace OpenEcs.Core.Emulator;

/// <summary>
/// A fault armed for one action type: fail the next <see cref="Remaining"/> runs, or each run with a probability;
/// with <see cref="Hang"/> the run does not fail but never ends (until its deadline, or a delete, ends it).
/// </summary>
public sealed record FaultRule(string ActionType, int? Remaining, double? Probability, string Message, bool Hang = false);

/// <summary>Emulator-only fault injection: makes chosen actions fail with a clear message, or hang.</summary>
public sealed class FaultInjector(ActionTypes types, Random? random = null)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FaultRule> _rules = new(StringComparer.Ordinal);
    private readonly Random _random = random ?? Random.Shared;

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (_gate) return _rules.Values.ToList(); }
    }

    public void Arm(FaultRule rule)
    {
        if (!types.IsKnown(rule.ActionType))
            throw EcsException.BadRequest($"unknown action type '{rule.ActionType}'; one of: {string.Join(", ", types.Names.Order())}");
        if (rule.Remaining is null == rule.Probability is null)
            throw EcsException.BadRequest("give either count (fail the next N actions) or probability (0 to 1)");
        if (rule.Remaining is < 1 or > 1_000_000) throw EcsException.BadRequest("count must be between 1 and 1000000");
        if (rule.Probability is < 0 or > 1 || rule.Probability is double.NaN) throw EcsException.BadRequest("probability must be between 0 and 1");
        lock (_gate) _rules[rule.ActionType] = rule;
    }

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    /// <summary>The fault this run of <paramref name="actionType"/> meets, if any.</summary>
    public FaultRule? Trip(string actionType)
    {
        lock (_gate)
        {
            if (!_rules.TryGetValue(actionType, out var rule)) return null;
            if (rule.Remaining is { } left)
            {
                if (left <= 1) _rules.Remove(actionType);
                else _rules[actionType] = rule with { Remaining = left - 1 };
                return rule;
            }
            return _random.NextDouble() < rule.Probability ? rule : null;
        }
    }
}

/// <summary>Rows of this entity survive the emulator's reset (accounts, their tokens, counters, cluster leases).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeptOnEmulatorResetAttribute : Attribute;
