using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Services;

/// <summary>Resource names in the real service's forms: servers ec2NNNNN, templates ei2NNNNN, groups eg1NNNNN.</summary>
public static class NameAllocator
{
    public const string Server = "ec2";
    public const string Template = "ei2";
    public const string Group = "eg1";

    /// <summary>Takes the next number of a counter; call inside the transaction that inserts the resource.</summary>
    public static async Task<string> NextAsync(EcsDbContext db, string prefix, CancellationToken ct)
    {
        var value = await db.Database
            .SqlQuery<long>($"""UPDATE "NameCounters" SET "Value" = "Value" + 1 WHERE "Name" = {prefix} RETURNING "Value" AS "Value" """)
            .ToListAsync(ct);
        if (value.Count == 0) throw new InvalidOperationException($"name counter {prefix} is missing from the store");
        return Format(prefix, value[0]);
    }

    private static string Format(string prefix, long n) => $"{prefix}{n:D5}";
}
