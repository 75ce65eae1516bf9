using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Storage;

/// <summary>
/// The store. Each resource brings its entity configuration (applied from this assembly); tenancy is applied to every
/// tenant-owned set in one place (<see cref="TenantFilters"/>).
/// </summary>
public sealed class EcsDbContext(DbContextOptions<EcsDbContext> options, IStoreDialect dialect, ITenantAccessor? tenant = null)
    : DbContext(options)
{
    internal long? TenantAccountId => tenant?.Current?.AccountId;
    internal long? TenantGroupId => tenant?.Current?.GroupId;

    /// <summary>
    /// Lifts a group login's subview, not the account filter: what a group login may use of its account (the ssh
    /// key it names, the account's quota) is read in such a scope.
    /// </summary>
    internal bool AccountWide { get; private set; }

    public IStoreDialect Dialect => dialect;

    public IDisposable AccountWideScope()
    {
        var before = AccountWide;
        AccountWide = true;
        return new Scope(() => AccountWide = before);
    }

    /// <summary>Marks a resource changed, so that the next save bumps its version even if nothing else changed.</summary>
    public void Touch(IActionResource resource) => Entry(resource).Property(nameof(IActionResource.Version)).IsModified = true;

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken ct = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, ct);
    }

    /// <summary>
    /// The concurrency check, in one place: every save that changes an action resource bumps its version, and the
    /// store refuses a save made from an older one (a concurrent writer got there first: read again, retry).
    /// </summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IActionResource>().Where(e => e.State == EntityState.Modified))
            entry.Entity.Version = entry.OriginalValues.GetValue<int>(nameof(IActionResource.Version)) + 1;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder) => dialect.ConfigureConventions(builder);

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.ApplyConfigurationsFromAssembly(typeof(EcsDbContext).Assembly);
        TenantFilters.Apply(b, this);
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
