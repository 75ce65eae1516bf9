namespace OpenEcs.Core.Tenancy;

public static class TenantExtensions
{
    public static Tenant Require(this ITenantAccessor accessor) =>
        accessor.Current ?? throw new EcsException(ErrorKind.Unauthorized, "authentication required");

    /// <summary>Group subview tokens manage their group's servers only: no groups, keys, ssh keys or account.</summary>
    public static Tenant RequireFullAccount(this ITenantAccessor accessor)
    {
        var tenant = accessor.Require();
        if (tenant.GroupId is not null)
            throw EcsException.Forbidden("a group login manages only the servers of its group");
        return tenant;
    }
}
