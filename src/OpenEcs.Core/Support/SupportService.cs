using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Usage;

namespace OpenEcs.Core.Support;

/// <summary>
/// A server's support plan (<c>support</c> on create, <c>POST</c>/<c>DELETE /servers/{name}/support</c>). The level lives
/// on the server; each change also closes and opens its support interval in the ledger, in one transaction that bumps
/// the server's version, so that it cannot slip in beside the server's delete.
/// </summary>
public sealed class SupportService(EcsDbContext db, PlanCatalog catalog, ServerService servers, TimeProvider time)
{
    private const int MaxConflicts = 20;

    /// <summary>Sets (or changes, up or down) the level; the same level again changes nothing.</summary>
    public Task<Server> SetAsync(string name, string code, CancellationToken ct) => ChangeAsync(name, Orderable(catalog, code), ct);

    /// <summary>Back to unmanaged. The month's fee stays billed, as the docs say.</summary>
    public Task<Server> RemoveAsync(string name, CancellationToken ct) => ChangeAsync(name, null, ct);

    /// <summary>The level a request names, if one may order it; null for "unmanaged" (no support).</summary>
    public static SupportLevel? Orderable(PlanCatalog catalog, string code)
    {
        var level = catalog.FindSupport(code);
        if (level is null)
            throw EcsException.BadRequest($"unknown support '{code}': use {string.Join(" or ", catalog.Billing.SupportLevels.Where(l => l.Orderable).Select(l => l.Code))}");
        if (!level.Orderable)
            throw EcsException.BadRequest($"support '{level.Code}' is arranged with the provider, not through the API");
        return level.Code == BillingRates.Unmanaged ? null : level;
    }

    /// <summary>The ledger's side of a new server's support; call once the server has its id.</summary>
    public static Task StartAsync(EcsDbContext db, Server server, CancellationToken ct) =>
        server.SupportCode is { } code && server.SupportSince is { } since
            ? UsageRecorder.SetAsync(db, UsageSubject.Of(server), UsageMeter.Support, since, ct, rate: code)
            : Task.CompletedTask;

    private async Task<Server> ChangeAsync(string name, SupportLevel? level, CancellationToken ct)
    {
        for (var conflicts = 0; ; conflicts++)
        {
            try
            {
                var server = await servers.GetAsync(name, ct);
                if (server.Status is ServerStatus.Deleting or ServerStatus.Failed)
                    throw EcsException.Conflict($"server '{name}' is {server.Status}: only a live server's support can change");
                if (server.SupportCode == level?.Code) return server;
                var now = time.GetUtcNow();
                server.SupportCode = level?.Code;
                server.SupportSince = level is null ? null : now;
                if (level is null) await UsageRecorder.EndAsync(db, UsageSubject.Of(server), now, ct, UsageMeter.Support);
                else await UsageRecorder.SetAsync(db, UsageSubject.Of(server), UsageMeter.Support, now, ct, rate: level.Code);
                await db.SaveChangesAsync(ct);
                return server;
            }
            catch (DbUpdateConcurrencyException) when (conflicts < MaxConflicts)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException e) when (e is not DbUpdateConcurrencyException && conflicts < MaxConflicts)
            {
                // Another change opened the support interval first (the one-open-interval index): read again.
                db.ChangeTracker.Clear();
            }
        }
    }
}
