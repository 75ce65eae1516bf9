using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

/// <summary>
/// Claims on in-progress actions, so that each runs on one replica at a time: a claim is a lease (owner + expiry)
/// kept alive by heartbeats. A replica that dies stops beating, its leases run out and another replica takes them.
/// Leases use the wall clock, which all replicas share (the simulator's clock may be a manual one). The claim itself
/// is the store's (<see cref="IStoreDialect.ClaimActionsAsync"/>).
/// </summary>
internal static class ActionLeases
{
    private static IQueryable<EcsAction> All(EcsDbContext db) => db.Set<EcsAction>().IgnoreQueryFilters();

    /// <summary>Extends the leases of the actions this replica is running right now.</summary>
    public static Task<int> HeartbeatAsync(EcsDbContext db, string owner, IReadOnlyCollection<long> running, DateTimeOffset until, CancellationToken ct) =>
        running.Count == 0
            ? Task.FromResult(0)
            : All(db).Where(a => a.LeaseOwner == owner && a.Status == ActionStatus.InProgress && running.Contains(a.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.LeaseUntil, until), ct);

    /// <summary>Of the actions this replica runs, those a delete has cancelled since.</summary>
    public static Task<List<long>> CancelledAsync(EcsDbContext db, IReadOnlyCollection<long> running, CancellationToken ct) =>
        running.Count == 0
            ? Task.FromResult(new List<long>())
            : All(db).Where(a => running.Contains(a.Id) && a.CancelledBy != null).Select(a => a.Id).ToListAsync(ct);

    /// <summary>
    /// Gives this replica's claim on an action to <paramref name="to"/>, whose next claim takes it at once; the run
    /// that handed it over does not count as an attempt.
    /// </summary>
    public static Task<int> HandOffAsync(EcsDbContext db, long id, string owner, string to, DateTimeOffset until, CancellationToken ct) =>
        All(db).Where(a => a.Id == id && a.LeaseOwner == owner && a.Status == ActionStatus.InProgress)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.LeaseOwner, ActionHandOff.To(to)).SetProperty(a => a.LeaseUntil, until)
                .SetProperty(a => a.Attempts, a => a.Attempts > 0 ? a.Attempts - 1 : 0), ct);

    /// <summary>A store that one process owns: leases left by a previous run of it (killed) are void at once.</summary>
    public static Task<int> ReleaseAllAsync(EcsDbContext db, CancellationToken ct) =>
        All(db).Where(a => a.Status == ActionStatus.InProgress && a.LeaseOwner != null)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.LeaseOwner, (string?)null).SetProperty(a => a.LeaseUntil, (DateTimeOffset?)null), ct);
}
