using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Tenancy;

/// <summary>
/// Admission against a per-account quota: inside the transaction that inserts the row, take the account's lock, then
/// count. Concurrent creates of one account are thereby ordered, and each counts the rows of those before it.
/// </summary>
public static class AccountQuota
{
    /// <param name="what">The resource, singular and plural (e.g. ("server", "servers")), for the refusal.</param>
    public static async Task AdmitAsync(EcsDbContext db, long accountId, int limit, (string One, string Many) what,
        Func<CancellationToken, Task<int>> count, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("a quota is admitted inside the transaction that inserts the row");
        await db.Dialect.LockAccountAsync(db, accountId, ct);
        int held;
        // A group login's creates count against its account's quota.
        using (db.AccountWideScope()) held = await count(ct);
        if (held >= limit)
            throw EcsException.Forbidden($"{what.One} quota reached: this account may hold at most {limit} {what.Many}");
    }
}
