using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Tenancy;

/// <summary>
/// System work done for one account (the snapshot scheduler): a store and services that see that account only, so
/// that what the work starts goes through the same services, checks and tenancy as the account's own requests.
/// </summary>
public sealed class ActingTenant : ITenantAccessor, IAsyncDisposable
{
    private readonly IServiceProvider _scope;
    private readonly ActionStarter _starter;

    private ActingTenant(IServiceProvider scope, Tenant tenant)
    {
        _scope = scope;
        Current = tenant;
        Db = ActivatorUtilities.CreateInstance<EcsDbContext>(scope, (ITenantAccessor)this);
        _starter = ActivatorUtilities.CreateInstance<ActionStarter>(scope, Db, (ITenantAccessor)this);
    }

    public static ActingTenant For(IServiceProvider scope, Tenant tenant) => new(scope, tenant);

    public Tenant? Current { get; }

    /// <summary>The store as the account sees it.</summary>
    public EcsDbContext Db { get; }

    /// <summary>A service that takes the store, the tenant and the action starter (e.g. the snapshot service).</summary>
    public T Service<T>() where T : class => ActivatorUtilities.CreateInstance<T>(_scope, Db, (ITenantAccessor)this, _starter);

    public ValueTask DisposeAsync() => Db.DisposeAsync();
}
