using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Tenancy;

/// <summary>
/// Tenancy, in one place: every <see cref="ITenantOwned"/> set of the store is filtered to the current tenant's
/// account, and for a group login to what <see cref="IGroupVisible{TSelf}"/> lets it see (all of the account while
/// the context is <see cref="EcsDbContext.AccountWide"/>). A context without a tenant sees nothing; system work (the
/// runner, samplers, the reconciler) opts out with <c>IgnoreQueryFilters()</c>.
/// </summary>
internal static class TenantFilters
{
    /// <param name="db">The context building the model. The filters read its tenant through a constant of it, which EF
    /// Core replaces with the context that runs each query.</param>
    public static void Apply(ModelBuilder model, EcsDbContext db)
    {
        var context = Expression.Constant(db);
        var tenantAccount = Expression.Property(context, nameof(EcsDbContext.TenantAccountId));
        var tenantGroup = Expression.Property(context, nameof(EcsDbContext.TenantGroupId));
        var accountWide = Expression.Property(context, nameof(EcsDbContext.AccountWide));
        foreach (var entity in model.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList())
        {
            var row = Expression.Parameter(entity.ClrType, "e");
            var ownAccount = Expression.Equal(
                Expression.Convert(Expression.Property(row, nameof(ITenantOwned.AccountId)), typeof(long?)), tenantAccount);
            Expression allOfAccount = Expression.OrElse(Expression.Equal(tenantGroup, Expression.Constant(null, typeof(long?))), accountWide);
            if (InGroupOf(entity.ClrType) is { } inGroup)
            {
                // Read as a query parameter whether or not there is a group login: never .Value of a null.
                var group = Expression.Call(tenantGroup, nameof(Nullable<long>.GetValueOrDefault), Type.EmptyTypes);
                allOfAccount = Expression.OrElse(allOfAccount, new Rebind(new Dictionary<ParameterExpression, Expression>
                {
                    [inGroup.Parameters[0]] = row, [inGroup.Parameters[1]] = group, [inGroup.Parameters[2]] = context,
                }).Visit(inGroup.Body));
            }
            model.Entity(entity.ClrType).HasQueryFilter(Expression.Lambda(Expression.AndAlso(ownAccount, allOfAccount), row));
        }
    }

    private static LambdaExpression? InGroupOf(Type type)
    {
        var visible = type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IGroupVisible<>));
        if (visible is null) return null;
        return (LambdaExpression)typeof(TenantFilters).GetMethod(nameof(InGroup), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, null)!;
    }

    private static LambdaExpression InGroup<T>() where T : IGroupVisible<T> => T.InGroup;

    private sealed class Rebind(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node) ?? node;
    }
}
