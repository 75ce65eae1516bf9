namespace OpenEcs.Core.Tenancy;

/// <summary>Who the current unit of work acts for: an account, or a login to one of its groups (a subview); and the API
/// token it came with, if any (the audit trail logs a token's first use in each hour).</summary>
public sealed record Tenant(long AccountId, string Username, long? GroupId = null, bool IsAdmin = false, long? ApiKeyId = null);

public interface ITenantAccessor
{
    Tenant? Current { get; }
}

/// <summary>A row that belongs to one account; the store shows it to that account only.</summary>
public interface ITenantOwned
{
    long AccountId { get; }
}

/// <summary>
/// A tenant-owned row that a group login sees too, when <see cref="InGroup"/> holds for the login's group. Rows of
/// other tenant-owned types are hidden from group logins.
/// </summary>
public interface IGroupVisible<TSelf> : ITenantOwned where TSelf : IGroupVisible<TSelf>
{
    /// <summary>(row, group id, store) → visible; may query other sets of the store.</summary>
    static abstract System.Linq.Expressions.Expression<Func<TSelf, long, Storage.EcsDbContext, bool>> InGroup { get; }
}
