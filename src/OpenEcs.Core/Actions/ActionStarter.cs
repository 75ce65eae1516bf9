using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Telemetry;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Actions;

/// <summary>Wakes the action runner after a new action (or a cancellation) has been committed.</summary>
public interface IActionQueue
{
    void Notify();
}

/// <summary>
/// The one way an action comes into being. Each start writes the resource's change (its version bumped, so that
/// two starts never interleave) and the action in one transaction, then wakes the runner. Actions on one resource
/// queue in the order received; nothing is refused because the resource is busy: a clash with a concurrent writer is
/// retried here, a resource being deleted gets an action that failed at once, and a delete cancels what is ahead of it.
/// </summary>
public sealed class ActionStarter(EcsDbContext db, IActionQueue queue, ITenantAccessor tenants, TimeProvider time, EcsTelemetry telemetry)
{
    private const int MaxConflicts = 20;

    /// <summary>Names a new resource and stores it with its first action; <paramref name="admit"/> runs inside the
    /// transaction first (a quota check that must see the rows of concurrent creates).</summary>
    public async Task<(T Resource, EcsAction Action)> CreateAsync<T>(
        string namePrefix, Func<string, T> build, string type, CancellationToken ct, Func<CancellationToken, Task>? admit = null)
        where T : class, IActionResource
    {
        var tenant = tenants.Require();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (admit is not null) await admit(ct);
        var resource = build(await NameAllocator.NextAsync(db, namePrefix, ct));
        db.Add(resource);
        var action = New(tenant, type, resource);
        db.Add(action);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        telemetry.ActionCreated(type);
        queue.Notify();
        return (resource, action);
    }

    /// <summary>
    /// Queues an action behind the resource's earlier ones, saving <paramref name="change"/> with it. On a resource
    /// that is being deleted the action is recorded as failed at once, its message naming the delete.
    /// </summary>
    public Task<EcsAction> EnqueueAsync<T>(Func<CancellationToken, Task<T>> load, string type, CancellationToken ct, Action<T>? change = null)
        where T : class, IActionResource =>
        RetryOnConflictAsync(async () =>
        {
            var tenant = tenants.Require();
            var resource = await load(ct);
            var action = New(tenant, type, resource);
            if (resource.IsDeleting)
            {
                var delete = await InFlightDeleteAsync(resource, ct);
                action.Fail($"{resource.Name} is being deleted by {resource.DeleteActionType} {delete?.Id}", time.GetUtcNow());
            }
            else
            {
                change?.Invoke(resource);
                db.Touch(resource);
            }
            db.Add(action);
            await db.SaveChangesAsync(ct);
            telemetry.ActionCreated(type);
            if (!action.IsFinished) queue.Notify();
            return action;
        }, ct);

    /// <summary>
    /// Starts the resource's delete, which wins over everything queued: the actions ahead of it are cancelled (queued
    /// ones end now, a running one at its next step boundary) and the delete runs once they have ended. A repeat while
    /// the delete is in flight answers that same action.
    /// </summary>
    public Task<EcsAction> DeleteAsync<T>(Func<CancellationToken, Task<T>> load, Action<T> markDeleting, CancellationToken ct)
        where T : class, IActionResource =>
        RetryOnConflictAsync(async () =>
        {
            var tenant = tenants.Require();
            var resource = await load(ct);
            if (resource.IsDeleting && await InFlightDeleteAsync(resource, ct) is { } inFlight) return inFlight;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            markDeleting(resource);
            // Checked even when marking changed nothing: a delete that just ended must not be followed by a second.
            db.Touch(resource);
            var delete = New(tenant, resource.DeleteActionType, resource);
            db.Add(delete);
            await db.SaveChangesAsync(ct);
            var now = time.GetUtcNow();
            var message = $"cancelled by {delete.Type} {delete.Id}";
            // The resource was found through the tenant filter; its actions are found by its (globally unique) name.
            var ahead = db.Set<EcsAction>().IgnoreQueryFilters().Where(a => a.ResourceType == resource.ResourceType
                && a.Resource == resource.Name && a.Status == ActionStatus.InProgress && a.Id < delete.Id);
            await ahead.Where(a => a.LeaseOwner == null).ExecuteUpdateAsync(u => u
                .SetProperty(a => a.Status, ActionStatus.Failed).SetProperty(a => a.Message, message)
                .SetProperty(a => a.CompletedAt, now).SetProperty(a => a.CancelledBy, delete.Id), ct);
            await ahead.Where(a => a.LeaseOwner != null).ExecuteUpdateAsync(u => u.SetProperty(a => a.CancelledBy, delete.Id), ct);
            await tx.CommitAsync(ct);
            telemetry.ActionCreated(delete.Type);
            queue.Notify();
            return delete;
        }, ct);

    private Task<EcsAction?> InFlightDeleteAsync(IActionResource resource, CancellationToken ct) =>
        db.Set<EcsAction>().IgnoreQueryFilters().AsNoTracking()
            .Where(a => a.ResourceType == resource.ResourceType && a.Resource == resource.Name
                        && a.Type == resource.DeleteActionType && a.Status == ActionStatus.InProgress)
            .OrderBy(a => a.Id).FirstOrDefaultAsync(ct);

    private EcsAction New(Tenant tenant, string type, IActionResource resource)
    {
        var now = time.GetUtcNow();
        return new EcsAction
        {
            AccountId = resource.AccountId,
            Username = tenant.Username,
            Type = type,
            Resource = resource.Name,
            ResourceType = resource.ResourceType,
            Status = ActionStatus.InProgress,
            CreatedAt = now,
            StartedAt = now,
            TraceParent = Activity.Current?.Id,
        };
    }

    /// <summary>A concurrent writer changed the resource (its version): read it again and start over.</summary>
    private async Task<EcsAction> RetryOnConflictAsync(Func<Task<EcsAction>> start, CancellationToken ct)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            try
            {
                return await start();
            }
            catch (DbUpdateConcurrencyException) when (conflicts < MaxConflicts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + conflicts * 5)), ct);
            }
        }
    }
}
