namespace OpenEcs.Core.Storage;

public static class StoreErrors
{
    /// <summary>
    /// A failure of the store that a retry may cure (connections exhausted, failover, a timeout): anywhere in the chain,
    /// since EF Core wraps the provider's exception.
    /// </summary>
    public static bool IsTransient(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is System.Data.Common.DbException { IsTransient: true } or TimeoutException) return true;
        return false;
    }
}
