namespace OpenEcs.Core.Actions;

/// <summary>
/// Thrown by a hypervisor when only another replica can carry the action out (the agent of its server's host is
/// connected there): the runner hands its claim to that replica instead of failing the action.
/// </summary>
public sealed class ActionHandOffException(string replica, string reason) : Exception(reason)
{
    public string Replica { get; } = replica;
}

/// <summary>A claim handed to a replica is stored as its lease owner with this prefix; that replica's next claim takes it.</summary>
public static class ActionHandOff
{
    public const string Prefix = "handoff:";

    public static string To(string replica) => Prefix + replica;
}
