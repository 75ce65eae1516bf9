using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Groups;
using OpenEcs.Core.Reservations;
using OpenEcs.Core.Snapshots;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Servers;

/// <summary>
/// The reads behind GET /servers and GET /servers/{name}: untracked, precompiled, one row per server with its group,
/// its last restored snapshot and that snapshot's parent joined in, and the reservations that have not ended read by a
/// second query only when a server has one. The Include form (a split query, identity resolution and navigation
/// fix-up per row) took most of a list's time (bench/: list-servers, perf record of the server under wrk).
/// The tenant filters apply as everywhere: EF Core evaluates them against the context each compiled query runs on.
/// </summary>
internal static class ServerReads
{
    private sealed record Row(Server Server, ServerGroup? Group, Snapshot? Snapshot, Snapshot? Parent, bool Reserved);

    private static readonly Func<EcsDbContext, DateTimeOffset, IAsyncEnumerable<Row>> All = EF.CompileAsyncQuery(
        (EcsDbContext db, DateTimeOffset now) => db.Set<Server>().AsNoTracking()
            .Where(s => s.Status != ServerStatus.Deleted)
            .OrderBy(s => s.Id)
            .Select(s => new Row(s, s.Group, s.LastRestoredSnapshot, s.LastRestoredSnapshot!.Parent, s.Reservations.Any(r => r.End > now))));

    private static readonly Func<EcsDbContext, string, DateTimeOffset, Task<Row?>> One = EF.CompileAsyncQuery(
        (EcsDbContext db, string name, DateTimeOffset now) => db.Set<Server>().AsNoTracking()
            .Where(s => s.Name == name && s.Status != ServerStatus.Deleted)
            .Select(s => new Row(s, s.Group, s.LastRestoredSnapshot, s.LastRestoredSnapshot!.Parent, s.Reservations.Any(r => r.End > now)))
            .FirstOrDefault());

    public static async Task<List<Server>> ListAsync(EcsDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var servers = new List<Server>();
        var reserved = new List<Server>();
        await foreach (var row in All(db, now).WithCancellation(ct))
        {
            servers.Add(Assemble(row));
            if (row.Reserved) reserved.Add(row.Server);
        }
        await AddReservationsAsync(db, reserved, now, ct);
        return servers;
    }

    public static async Task<Server?> FindAsync(EcsDbContext db, string name, DateTimeOffset now, CancellationToken ct)
    {
        if (await One(db, name, now) is not { } row) return null;
        var server = Assemble(row);
        if (row.Reserved) await AddReservationsAsync(db, [server], now, ct);
        return server;
    }

    private static Server Assemble(Row row)
    {
        var s = row.Server;
        s.Group = row.Group;
        if (row.Snapshot is { } snapshot)
        {
            snapshot.Parent = row.Parent;
            s.LastRestoredSnapshot = snapshot;
        }
        return s;
    }

    /// <summary>As the Include had them: those not ended, oldest first.</summary>
    private static async Task AddReservationsAsync(EcsDbContext db, List<Server> servers, DateTimeOffset now, CancellationToken ct)
    {
        if (servers.Count == 0) return;
        var byId = servers.ToDictionary(s => s.Id);
        var ids = byId.Keys.ToList();
        var found = await db.Set<Reservation>().AsNoTracking()
            .Where(r => ids.Contains(r.ServerId) && r.End > now)
            .OrderBy(r => r.Start).ThenBy(r => r.Id)
            .ToListAsync(ct);
        foreach (var r in found) byId[r.ServerId].Reservations.Add(r);
    }
}
