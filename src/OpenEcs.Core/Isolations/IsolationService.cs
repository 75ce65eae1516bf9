using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Hosts;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Isolations;

/// <summary>A server that a new one is to be kept apart from, and the host it is on.</summary>
public sealed record IsolationPeer(long Id, string Name, string Host);

public sealed class IsolationService(EcsDbContext db, IServerPlacement placement)
{
    public const int MaxPeers = 32;

    /// <summary>The live servers a server is isolated from, either way round, in id order.</summary>
    public async Task<List<Server>> ListAsync(string name, CancellationToken ct)
    {
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name && s.Status != ServerStatus.Deleted, ct)
                     ?? throw EcsException.NotFound("server", name);
        var peers = db.ServerIsolations.Where(i => i.ServerId == server.Id).Select(i => i.IsolatedFromId)
            .Concat(db.ServerIsolations.Where(i => i.IsolatedFromId == server.Id).Select(i => i.ServerId));
        return await db.Servers.AsNoTracking()
            .Where(s => peers.Contains(s.Id) && s.Status != ServerStatus.Deleted).OrderBy(s => s.Id).ToListAsync(ct);
    }

    /// <summary>The servers <c>isolate_from</c> names: the caller's own live servers, each once.</summary>
    public async Task<List<IsolationPeer>> ResolveAsync(IReadOnlyList<string> names, CancellationToken ct)
    {
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count > MaxPeers) throw EcsException.BadRequest($"isolate_from names at most {MaxPeers} servers");
        if (wanted.Any(string.IsNullOrWhiteSpace)) throw EcsException.BadRequest("isolate_from holds an empty server name");
        List<Server> found;
        // A group login may keep its servers apart from any of the account's.
        using (db.AccountWideScope())
            found = await db.Servers.AsNoTracking().Where(s => wanted.Contains(s.Name) && s.Status != ServerStatus.Deleted).ToListAsync(ct);
        if (wanted.FirstOrDefault(n => found.All(s => s.Name != n)) is { } missing)
            throw EcsException.BadRequest($"isolate_from names unknown server '{missing}'");
        var peers = new List<IsolationPeer>();
        foreach (var s in found)
            peers.Add(new IsolationPeer(s.Id, s.Name, s.Host ?? (await placement.HostsInAsync(s.Location, ct)).FirstOrDefault() ?? ""));
        return peers;
    }

    /// <summary>The pairs of a new server; call once it has its id.</summary>
    public void Record(Server server, IEnumerable<IsolationPeer> peers)
    {
        foreach (var peer in peers)
            db.ServerIsolations.Add(new ServerIsolation { AccountId = server.AccountId, ServerId = server.Id, IsolatedFromId = peer.Id });
    }
}
