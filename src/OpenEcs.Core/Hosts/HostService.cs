using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Hosts;

/// <summary>What an agent reports it offers.</summary>
public sealed record HostCapacity(int Cpu, int RamMb, int DiskGb, int Gpu);

/// <summary>A host as the admin sees it, with what its live servers take.</summary>
public sealed record HostView(HypervisorHost Host, string ShownStatus, HostLoad Used);

/// <summary>Joining, authenticating and administering hypervisor hosts; the store keeps only credential hashes.</summary>
public sealed class HostService(EcsDbContext db, PlanCatalog catalog, TimeProvider time, IOptions<OpenEcsOptions> options)
{
    public const int MaxNameLength = 128;

    /// <summary>
    /// The join token for a new credential of <paramref name="name"/>. A host that joins again (its data folder lost)
    /// gets a new credential and the old one stops working; a revoked host is refused for good.
    /// </summary>
    public async Task<string> JoinAsync(string token, string name, string region, HostCapacity capacity, CancellationToken ct)
    {
        if (!SameSecret(token, options.Value.Cluster.JoinToken ?? "")) throw EcsException.Forbidden("the join token is not this cluster's");
        if (!ValidName(name)) throw EcsException.BadRequest($"host name '{name}' must be 1 to {MaxNameLength} letters, digits, '.', '-' or '_'");
        var known = catalog.FindRegion(region) ?? throw EcsException.BadRequest($"unknown region '{region}'");
        CheckCapacity(capacity);
        var credential = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Name == name, ct);
        if (host is { Revoked: true }) throw EcsException.Forbidden($"host {name} was revoked: it cannot join again under this name");
        if (host is not null && !string.Equals(host.Region, known.Location, StringComparison.Ordinal))
            throw EcsException.Conflict($"host {name} is in {host.Region}, not {known.Location}");
        if (host is null)
        {
            host = new HypervisorHost { Name = name, Region = known.Location, CredentialHash = "", JoinedAt = time.GetUtcNow() };
            db.Hosts.Add(host);
        }
        host.CredentialHash = Hash(credential);
        Apply(host, capacity);
        await db.SaveChangesAsync(ct);
        return credential;
    }

    /// <summary>The host a credential belongs to, or null (unknown host, wrong credential, revoked).</summary>
    public async Task<HypervisorHost?> AuthenticateAsync(string name, string credential, CancellationToken ct)
    {
        var host = await db.Hosts.AsNoTracking().FirstOrDefaultAsync(h => h.Name == name, ct);
        if (host is null || host.Revoked) return null;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(host.CredentialHash), Encoding.ASCII.GetBytes(Hash(credential))) ? host : null;
    }

    /// <summary>The agent is alive (its work stream opened or a heartbeat came): up, with what it offers now.</summary>
    public async Task HeartbeatAsync(string name, HostCapacity? capacity, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (capacity is null)
        {
            await db.Hosts.Where(h => h.Name == name).ExecuteUpdateAsync(u => u.SetProperty(h => h.LastHeartbeat, now).SetProperty(h => h.Status, HostStatus.Up), ct);
            return;
        }
        CheckCapacity(capacity);
        await db.Hosts.Where(h => h.Name == name).ExecuteUpdateAsync(u => u.SetProperty(h => h.LastHeartbeat, now).SetProperty(h => h.Status, HostStatus.Up)
            .SetProperty(h => h.Cpu, capacity.Cpu).SetProperty(h => h.RamMb, capacity.RamMb).SetProperty(h => h.DiskGb, capacity.DiskGb)
            .SetProperty(h => h.Gpu, capacity.Gpu), ct);
    }

    /// <summary>The replica that holds the host's agent stream now.</summary>
    public Task ConnectedAsync(string name, string replica, CancellationToken ct) =>
        db.Hosts.Where(h => h.Name == name).ExecuteUpdateAsync(u => u.SetProperty(h => h.ConnectedTo, replica), ct);

    /// <summary>The stream on <paramref name="replica"/> ended: unless the agent already holds one on another replica.</summary>
    public Task DisconnectedAsync(string name, string replica, CancellationToken ct) =>
        db.Hosts.Where(h => h.Name == name && h.ConnectedTo == replica).ExecuteUpdateAsync(u => u.SetProperty(h => h.ConnectedTo, (string?)null), ct);

    /// <summary>Hosts whose agents fell silent for OpenEcs:Hosts:DownAfter become down; returns how many.</summary>
    public Task<int> MarkSilentDownAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - options.Value.Hosts.DownAfter;
        return db.Hosts.Where(h => h.Status == HostStatus.Up && (h.LastHeartbeat == null || h.LastHeartbeat < before))
            .ExecuteUpdateAsync(u => u.SetProperty(h => h.Status, HostStatus.Down), ct);
    }

    public async Task<List<HostView>> ListAsync(CancellationToken ct)
    {
        var hosts = await db.Hosts.AsNoTracking().OrderBy(h => h.Region).ThenBy(h => h.Name).ToListAsync(ct);
        var load = await HostLoad.ReadAsync(db, catalog, null, ct);
        return hosts.Select(h => new HostView(h, Shown(h), load.GetValueOrDefault(h.Name, HostLoad.None))).ToList();
    }

    /// <summary>One host as the admin sees it, its load read for its region only.</summary>
    public async Task<HostView> ViewAsync(HypervisorHost host, CancellationToken ct)
    {
        var load = await HostLoad.ReadAsync(db, catalog, host.Region, ct);
        return new HostView(host, Shown(host), load.GetValueOrDefault(host.Name, HostLoad.None));
    }

    /// <summary>Host name to the word a server's <c>host_status</c> shows.</summary>
    public async Task<IReadOnlyDictionary<string, string>> StatusesAsync(CancellationToken ct)
    {
        if (!options.Value.Hypervisor.IsAgents) return new Dictionary<string, string>();
        return (await db.Hosts.AsNoTracking().ToListAsync(ct)).ToDictionary(h => h.Name, Shown, StringComparer.Ordinal);
    }

    /// <summary>
    /// A host that will not come back, and its servers with it: their queued actions fail saying so, they are deleted
    /// in the store (their usage ends, their addresses are free) and the host is removed. Refused while the host is up
    /// (nothing is taken from a running agent); a revoked host keeps its row, so that its name stays refused.
    /// Returns how many servers went with it.
    /// </summary>
    public async Task<int> ForgetAsync(string name, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Name == name, ct) ?? throw EcsException.NotFound("host", name);
        if (host.Status == HostStatus.Up && !host.Revoked)
            throw EcsException.Conflict($"host {name} is up: stop its agent (or revoke it) and wait until it shows down before forgetting it");
        var now = time.GetUtcNow();
        var servers = await db.Servers.IgnoreQueryFilters().Where(s => s.Host == name && s.Status != ServerStatus.Deleted).ToListAsync(ct);
        var queues = servers.Select(s => s.Name).ToList();
        var message = $"host {name} was forgotten by the admin, and its servers with it";
        await db.Set<Actions.EcsAction>().IgnoreQueryFilters().Where(a => a.Status == Actions.ActionStatus.InProgress && queues.Contains(a.Queue))
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, Actions.ActionStatus.Failed).SetProperty(a => a.Message, message)
                .SetProperty(a => a.CompletedAt, now), ct);
        foreach (var server in servers) await ServerRemoval.ApplyAsync(db, server, now, ct);
        if (host.Revoked) host.ConnectedTo = null;
        else db.Hosts.Remove(host);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return servers.Count;
    }

    /// <summary>Whether the host is still known (not forgotten), and the replica its agent is connected to when it is up.</summary>
    public async Task<(bool Known, string? ConnectedTo)> WhereAsync(string name, CancellationToken ct)
    {
        var host = await db.Hosts.AsNoTracking().Where(h => h.Name == name && !h.Revoked)
            .Select(h => new { h.Status, h.ConnectedTo }).FirstOrDefaultAsync(ct);
        return host is null ? (false, null) : (true, host.Status == HostStatus.Up ? host.ConnectedTo : null);
    }

    public Task<HypervisorHost> RevokeAsync(string name, CancellationToken ct) => ChangeAsync(name, h => h.Revoked = true, ct);
    public Task<HypervisorHost> CordonAsync(string name, bool cordoned, CancellationToken ct) => ChangeAsync(name, h => h.Cordoned = cordoned, ct);

    private async Task<HypervisorHost> ChangeAsync(string name, Action<HypervisorHost> change, CancellationToken ct)
    {
        var host = await db.Hosts.FirstOrDefaultAsync(h => h.Name == name, ct) ?? throw EcsException.NotFound("host", name);
        change(host);
        await db.SaveChangesAsync(ct);
        return host;
    }

    public static string Shown(HypervisorHost h) =>
        h.Revoked || h.Status != HostStatus.Up ? HostStatus.Down : h.Cordoned ? HostStatus.Cordoned : HostStatus.Up;

    public static bool ValidName(string name) =>
        name.Length is > 0 and <= MaxNameLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static void CheckCapacity(HostCapacity c)
    {
        if (c.Cpu < 1 || c.RamMb < 128 || c.DiskGb < 1 || c.Gpu < 0)
            throw EcsException.BadRequest($"capacity cpu {c.Cpu}, ram {c.RamMb} MB, disk {c.DiskGb} GB, gpu {c.Gpu}: needs at least 1 CPU, 128 MB, 1 GB and no negative GPU count");
    }

    private static void Apply(HypervisorHost host, HostCapacity c)
    {
        (host.Cpu, host.RamMb, host.DiskGb, host.Gpu) = (c.Cpu, c.RamMb, c.DiskGb, c.Gpu);
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Constant time whatever the lengths: both sides are hashed to 32 bytes first.</summary>
    private static bool SameSecret(string given, string expected) =>
        expected.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
