using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Emulator;

/// <summary>The emulator's reset: forgets every resource of every account, keeping accounts and their tokens.</summary>
public sealed class EmulatorService(EcsDbContext db, FaultInjector faults, CredentialCache credentials)
{
    public async Task ResetAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var entity in DependentsFirst(db.Model.GetEntityTypes().Where(e =>
                     !e.ClrType.IsDefined(typeof(KeptOnEmulatorResetAttribute), inherit: false) && e.GetTableName() is not null)))
        {
            // Table names come from the model, never from a request.
#pragma warning disable EF1002
            await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{entity.GetTableName()}\"", ct);
#pragma warning restore EF1002
        }
        await tx.CommitAsync(ct);
        faults.Clear();
        credentials.Clear(); // group logins of the groups just deleted must stop at once
    }

    /// <summary>Tables that refer to others first, so that no foreign key stops a delete.</summary>
    private static IEnumerable<IEntityType> DependentsFirst(IEnumerable<IEntityType> entities)
    {
        var left = entities.ToList();
        while (left.Count > 0)
        {
            // Referenced by another table still to be emptied (a table referring to itself does not wait for itself).
            var referenced = left.SelectMany(e => e.GetForeignKeys().Where(k => k.PrincipalEntityType != e)).Select(k => k.PrincipalEntityType)
                .Where(p => left.Contains(p)).ToHashSet();
            var next = left.Where(e => !referenced.Contains(e)).ToList();
            if (next.Count == 0) next = left; // a cycle: let the store say so
            foreach (var e in next) yield return e;
            left = left.Except(next).ToList();
        }
    }
}
