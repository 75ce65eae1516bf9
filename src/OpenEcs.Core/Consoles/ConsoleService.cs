using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Security;
using OpenEcs.Core.Servers;

namespace OpenEcs.Core.Consoles;

public sealed record ConsoleGrant(EcsAction Action, string? ConsoleKey);

/// <summary>Console keys: handed out by the console action, claimed once by the websocket that opens the console.</summary>
public sealed class ConsoleService(Storage.EcsDbContext db, ServerService servers, ActionStarter actions, IHypervisor hypervisor, TimeProvider time)
{
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The console action and a key, saved together. A server being deleted gets the failed action and no key; one
    /// that has not booted (or failed to) has no console to open.
    /// </summary>
    public async Task<ConsoleGrant> GrantAsync(string name, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString();
        var granted = false;
        var action = await actions.EnqueueAsync(async c =>
        {
            var server = await servers.GetAsync(name, c);
            if (server.Status is not (ServerStatus.Booted or ServerStatus.Customizing or ServerStatus.Deleting))
                throw EcsException.Conflict($"server '{name}' is {server.Status}: the console needs a server that has booted");
            return server;
        }, ActionType.Console, ct, server =>
        {
            db.Set<ConsoleTicket>().Add(new ConsoleTicket
            {
                KeyHash = SecretToken.Hash(key), ServerId = server.Id, ExpiresAt = time.GetUtcNow() + KeyLifetime,
            });
            granted = true;
        });
        return new ConsoleGrant(action, granted ? key : null);
    }

    /// <summary>Claims a key (once, before it expires) and opens the console of its server; null for a bad key.</summary>
    public async Task<(string Server, Stream Console)?> OpenAsync(string key, CancellationToken ct)
    {
        var hash = SecretToken.Hash(key);
        var now = time.GetUtcNow();
        var tickets = db.Set<ConsoleTicket>();
        // Claiming the key and checking it are one statement, so a key opens one console at most.
        var claimed = await tickets.Where(k => k.KeyHash == hash && k.UsedAt == null && k.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(k => k.UsedAt, now), ct);
        if (claimed != 1) return null;
        var server = await tickets.Where(k => k.KeyHash == hash)
            .Join(db.Set<Server>().IgnoreQueryFilters(), k => k.ServerId, s => s.Id, (k, s) => s).FirstOrDefaultAsync(ct);
        if (server is null || server.Status is not (ServerStatus.Booted or ServerStatus.Customizing)) return null;
        return (server.Name, await hypervisor.OpenConsoleAsync(server.Name, ct));
    }
}

/// <summary>The console action only records that a console key was handed out.</summary>
public sealed class ConsoleHandler(TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public Task OnFailedAsync(ActionRun run, CancellationToken ct) => Task.CompletedTask;
}
