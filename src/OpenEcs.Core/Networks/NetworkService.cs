using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Networks;

/// <summary>
/// Private networks and the VLANs of servers' interfaces on them. Networks are the account's: group logins use neither.
/// Every VLAN change is an action queued behind the server's own; the first VLAN on a network adds the interface (a
/// reboot), removing the last one removes it (a reboot too).
/// </summary>
public sealed class NetworkService(
    EcsDbContext db, ITenantAccessor tenants, ActionStarter actions, TimeProvider time, IOptions<OpenEcsOptions> options)
{
    private IQueryable<Network> Live => db.Networks.Where(n => n.Active);

    public async Task<List<Network>> ListAsync(CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return await Live.AsNoTracking().OrderBy(n => n.Id).ToListAsync(ct);
    }

    public async Task<Network> GetAsync(string name, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return await Live.AsNoTracking().FirstOrDefaultAsync(n => n.Name == name, ct) ?? throw EcsException.NotFound("network", name);
    }

    public async Task<Network> CreateAsync(CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AccountQuota.AdmitAsync(db, tenant.AccountId, options.Value.Limits.MaxNetworksPerAccount, ("network", "networks"),
            c => Live.CountAsync(c), ct);
        var number = await NameAllocator.NextValueAsync(db, NetworkStore.Counter, ct);
        var network = new Network
        {
            Number = number, Name = Network.NameOf(number), AccountId = tenant.AccountId, Username = tenant.Username,
            CreatedAt = time.GetUtcNow(),
        };
        db.Networks.Add(network);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return network;
    }

    /// <summary>Refused while a server has an interface on it (the conflict names them).</summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var network = await Live.FirstOrDefaultAsync(n => n.Name == name, ct) ?? throw EcsException.NotFound("network", name);
        var users = await InUse(network.Id).Select(i => i.ServerName).Distinct().OrderBy(s => s).Take(10).ToListAsync(ct);
        if (users.Count > 0)
            throw EcsException.Conflict($"network {name} is in use by {string.Join(", ", users)}: remove their VLANs on it first");
        var now = time.GetUtcNow();
        // One statement that repeats the check, so a VLAN added meanwhile is not orphaned on a deleted network.
        var inUse = InUse(network.Id);
        var deleted = await db.Networks.Where(n => n.Id == network.Id && n.Active && !inUse.Any())
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.Active, false).SetProperty(n => n.DeactivatedAt, now), ct);
        if (deleted == 0) throw EcsException.Conflict($"network {name} is in use: remove the VLANs on it first");
        await tx.CommitAsync(ct);
    }

    /// <summary>Interfaces on the network of servers that are not deleted, with a VLAN or a NIC.</summary>
    private IQueryable<ServerInterface> InUse(long networkId) =>
        db.ServerInterfaces.IgnoreQueryFilters().Where(i => i.NetworkId == networkId && (i.Attached || i.Vlans.Any())
            && db.Set<Server>().IgnoreQueryFilters().Any(s => s.Id == i.ServerId && s.Status != ServerStatus.Deleted));

    public async Task<(ServerInterface? Interface, List<Vlan> Vlans)> ListVlansAsync(string serverName, string networkName, CancellationToken ct)
    {
        var (server, network) = await PairAsync(serverName, networkName, ct);
        var iface = await db.ServerInterfaces.AsNoTracking().Include(i => i.Vlans)
            .FirstOrDefaultAsync(i => i.ServerId == server.Id && i.NetworkId == network.Id, ct);
        return (iface, iface?.Vlans.OrderBy(v => v.VlanId).ToList() ?? []);
    }

    /// <summary>add_vlan: the first VLAN on a network creates the interface with it.</summary>
    public async Task<EcsAction> AddVlansAsync(string serverName, string networkName, IReadOnlyList<VlanRequest> items, CancellationToken ct)
    {
        var wanted = VlanRanges.Of(items);
        var (server, network) = await PairAsync(serverName, networkName, ct);
        if (server.Status == ServerStatus.Deleting) throw EcsException.Conflict($"server {server.Name} is being deleted");
        if (!await db.ServerInterfaces.AnyAsync(i => i.ServerId == server.Id && i.NetworkId == network.Id, ct))
        {
            try
            {
                var now = time.GetUtcNow();
                return (await actions.CreateAsync(_ => Task.FromResult(New(server, network, now)), ActionType.AddVlan, ct,
                    inserted: (iface, _) =>
                    {
                        Add(iface, wanted, VlanStatus.Creating, now);
                        return Task.CompletedTask;
                    })).Action;
            }
            catch (DbUpdateException) when (!ct.IsCancellationRequested)
            {
                // A concurrent request created the interface first: queue behind its action instead. Any other
                // failure of the write is not that race and stays a failure.
                db.ChangeTracker.Clear();
                if (!await db.ServerInterfaces.AnyAsync(i => i.ServerId == server.Id && i.NetworkId == network.Id, ct)) throw;
            }
        }
        return await actions.EnqueueAsync(async c =>
        {
            var iface = await InterfaceAsync(server, network, c);
            var clash = iface.Vlans.Select(v => v.VlanId).Intersect(wanted.Select(w => w.Id)).ToList();
            if (clash.Count > 0)
                throw EcsException.BadRequest($"VLAN {VlanRanges.Describe(clash)} already exists on {server.Name} in {network.Name}");
            if (wanted.Any(w => w.Pvid) && iface.Vlans.FirstOrDefault(v => v.Pvid) is { } pvid)
                throw EcsException.BadRequest($"VLAN {pvid.VlanId} is already the PVID of {server.Name} in {network.Name}: an interface has one PVID (change it with PATCH)");
            Add(iface, wanted, VlanStatus.Creating, time.GetUtcNow());
            return iface;
        }, ActionType.AddVlan, ct);
    }

    /// <summary>update_vlan: a new PVID (the previous one stops being it), or none.</summary>
    public async Task<(ServerInterface Interface, Vlan Vlan, EcsAction Action)> UpdateVlanAsync(
        string serverName, string networkName, int vlanId, bool? pvid, CancellationToken ct)
    {
        if (pvid is not { } isPvid) throw EcsException.BadRequest("pvid is required (true or false)");
        var (server, network) = await PairAsync(serverName, networkName, ct);
        ServerInterface? changed = null;
        var action = await actions.EnqueueAsync(async c =>
        {
            var iface = await InterfaceAsync(server, network, c);
            var vlan = iface.Vlans.FirstOrDefault(v => v.VlanId == vlanId) ?? throw new EcsException(ErrorKind.NotFound, $"server {server.Name} has no VLAN {vlanId} in {network.Name}");
            if (!vlan.IsStable) throw EcsException.Conflict($"VLAN {vlanId} is {vlan.Status}: a VLAN is changed once it is ok");
            if (isPvid)
                foreach (var other in iface.Vlans.Where(v => v.Pvid && v != vlan)) other.Pvid = false;
            vlan.Pvid = isPvid;
            vlan.Status = VlanStatus.Updating;
            return changed = iface;
        }, ActionType.UpdateVlan, ct);
        return (changed!, changed!.Vlans.First(v => v.VlanId == vlanId), action);
    }

    /// <summary>delete_vlan of one VLAN or a range; removing the last one removes the interface.</summary>
    public async Task<EcsAction> DeleteVlansAsync(string serverName, string networkName, int start, int end, CancellationToken ct)
    {
        var (server, network) = await PairAsync(serverName, networkName, ct);
        return await actions.EnqueueAsync(async c =>
        {
            var iface = await InterfaceAsync(server, network, c);
            var gone = iface.Vlans.Where(v => v.VlanId >= start && v.VlanId <= end).ToList();
            var what = start == end ? $"{start}" : $"{start}-{end}";
            if (gone.Count == 0) throw new EcsException(ErrorKind.NotFound, $"server {server.Name} has no VLAN {what} in {network.Name}");
            if (gone.Where(v => !v.IsStable).Select(v => v.VlanId).ToList() is { Count: > 0 } busy)
                throw EcsException.Conflict($"VLAN {VlanRanges.Describe(busy)} is not ok yet: a VLAN is removed once it is ok");
            foreach (var v in gone) v.Status = VlanStatus.Deleting;
            return iface;
        }, ActionType.DeleteVlan, ct);
    }

    /// <summary>The networks of a create, checked before it starts: unknown ones are refused by name.</summary>
    public static async Task<List<(Network Network, List<(int Id, bool Pvid)> Vlans)>> ResolveAsync(
        EcsDbContext db, IReadOnlyList<NetworkRequest> requests, CancellationToken ct)
    {
        var resolved = new List<(Network, List<(int, bool)>)>();
        foreach (var request in requests)
        {
            // A group login names the account's networks, as it names its ssh keys.
            Network? network;
            using (db.AccountWideScope())
                network = await db.Networks.AsNoTracking().FirstOrDefaultAsync(n => n.Name == request.Name && n.Active, ct);
            if (network is null) throw EcsException.BadRequest($"networks: unknown network '{request.Name}'");
            if (resolved.Any(r => r.Item1.Id == network.Id)) throw EcsException.BadRequest($"networks: {request.Name} is named twice");
            resolved.Add((network, VlanRanges.Of(request.Vlans.Count == 0 ? VlanRanges.Base : request.Vlans)));
        }
        return resolved;
    }

    /// <summary>In the create's transaction: the interfaces the VM is built with (so no reboot, and the VLANs are ok at once).</summary>
    public static void Record(EcsDbContext db, Server server, IEnumerable<(Network Network, List<(int Id, bool Pvid)> Vlans)> networks,
        DateTimeOffset now)
    {
        foreach (var (network, vlans) in networks)
        {
            var iface = New(server, network, now);
            iface.Attached = true;
            Add(iface, vlans, VlanStatus.Ok, now);
            db.ServerInterfaces.Add(iface);
        }
    }

    private static ServerInterface New(Server server, Network network, DateTimeOffset now) => new()
    {
        AccountId = server.AccountId, ServerId = server.Id, ServerName = server.Name, NetworkId = network.Id, NetworkName = network.Name,
        MacAddress = ServerInterface.MacOf(server.Name, network.Name), CreatedAt = now,
    };

    private static void Add(ServerInterface iface, IEnumerable<(int Id, bool Pvid)> vlans, string status, DateTimeOffset now)
    {
        foreach (var (id, pvid) in vlans)
            iface.Vlans.Add(new Vlan { AccountId = iface.AccountId, VlanId = id, Pvid = pvid, Status = status, CreatedAt = now });
    }

    private async Task<ServerInterface> InterfaceAsync(Server server, Network network, CancellationToken ct) =>
        await db.ServerInterfaces.Include(i => i.Vlans).FirstOrDefaultAsync(i => i.ServerId == server.Id && i.NetworkId == network.Id, ct)
        ?? throw new EcsException(ErrorKind.NotFound, $"server {server.Name} has no VLAN in {network.Name}");

    private async Task<(Server Server, Network Network)> PairAsync(string serverName, string networkName, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        var server = await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Name == serverName && s.Status != ServerStatus.Deleted, ct)
                     ?? throw EcsException.NotFound("server", serverName);
        var network = await Live.AsNoTracking().FirstOrDefaultAsync(n => n.Name == networkName, ct)
                      ?? throw EcsException.NotFound("network", networkName);
        return (server, network);
    }
}
