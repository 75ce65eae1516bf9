using Microsoft.EntityFrameworkCore;

namespace OpenEcs.Core.Storage;

/// <summary>
/// What differs between the stores, implemented by the storage projects (OpenEcs.Storage.Sqlite / .Postgres) so that
/// Core holds no provider-specific SQL.
/// </summary>
public interface IStoreDialect
{
    /// <summary>True when one process owns the store (SQLite): leases left by a killed run of it are void at start.</summary>
    bool SingleProcess { get; }

    void ConfigureConventions(ModelConfigurationBuilder builder);

    /// <summary>
    /// Claims up to <paramref name="limit"/> in-progress actions that no live lease holds and that are first in their
    /// queue (no earlier in-progress action with the same <see cref="Actions.EcsAction.Queue"/>), atomically; returns their ids.
    /// Actions another replica handed to <paramref name="owner"/> (<see cref="Actions.ActionHandOff"/>) are claimed too.
    /// </summary>
    Task<List<long>> ClaimActionsAsync(EcsDbContext db, string owner, DateTimeOffset now, DateTimeOffset until, int limit, CancellationToken ct);

    /// <summary>
    /// Inside a transaction: waits until no other transaction holds the account's lock, and holds it until this one
    /// ends, so that a count and the insert it admits are one step (quotas).
    /// </summary>
    Task LockAccountAsync(EcsDbContext db, long accountId, CancellationToken ct);

    /// <summary>
    /// Inside a transaction: locks the region's host rows until it ends, so that a placement's read of what is free
    /// and the server row that claims it are one step (concurrent creates never overfill a host).
    /// </summary>
    Task LockHostsAsync(EcsDbContext db, string region, CancellationToken ct);
}
