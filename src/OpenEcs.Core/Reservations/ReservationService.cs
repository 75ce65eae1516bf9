using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Usage;

namespace OpenEcs.Core.Reservations;

/// <summary>Reserved periods: bought at create (<c>reserved_plan</c>) or later (<c>POST /servers/{name}/reserved</c>).</summary>
public sealed class ReservationService(EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, ServerService servers, TimeProvider time)
{
    private const int MaxConflicts = 20;

    /// <summary>
    /// Buys a reserved period for an existing server. It starts now, or where the server's current reservation ends
    /// (a renewal), and is written with its billed hours and a bump of the server's version, so that it cannot slip in
    /// beside the server's delete.
    /// </summary>
    public async Task<Reservation> ReserveAsync(string name, string code, CancellationToken ct)
    {
        var tenant = tenants.Require();
        for (var conflicts = 0; ; conflicts++)
        {
            try
            {
                var server = await servers.GetAsync(name, ct);
                if (server.Status is ServerStatus.Deleting or ServerStatus.Failed)
                    throw EcsException.Conflict($"server '{name}' is {server.Status}: only a live server can be reserved");
                var plan = catalog.FindPlan(server.Plan) ?? throw EcsException.Conflict($"plan '{server.Plan}' left the catalog");
                var period = await CheckAsync(db, catalog, tenant, plan, code, ct);
                var now = time.GetUtcNow();
                var start = server.Reservations.Select(r => r.End).Where(e => e > now).DefaultIfEmpty(now).Max();
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                var reservation = New(server, plan, period, start, now);
                server.Reservations.Add(reservation);
                db.Touch(server);
                await db.SaveChangesAsync(ct);
                RecordUsage(db, server, reservation);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return reservation;
            }
            catch (DbUpdateConcurrencyException) when (conflicts < MaxConflicts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Checks a <c>reserved_plan</c> for a server of <paramref name="plan"/>: its form, period, plan and the account's right to it.</summary>
    public static async Task<ReservedPeriod> CheckAsync(EcsDbContext db, PlanCatalog catalog, Tenant tenant, Plan plan, string code, CancellationToken ct)
    {
        var parsed = ReservedPlanCode.Parse(code);
        var named = catalog.FindPlan(parsed.Plan)
                    ?? throw EcsException.BadRequest($"reserved_plan '{code}' names unknown plan '{parsed.Plan}'");
        if (named.Id != plan.Id)
            throw EcsException.BadRequest($"reserved_plan '{code}' is for plan {named.Name}, the server's plan is {plan.Name}");
        var period = catalog.FindReservedPeriod(parsed.Months) ?? throw EcsException.BadRequest(
            $"reserved_plan '{code}': a reserved period lasts {string.Join(", ", catalog.Billing.ReservedPeriods.Select(p => p.Months))} months");
        var available = await db.Accounts.AsNoTracking().Where(a => a.Id == tenant.AccountId).Select(a => a.ReservedAvailable).FirstAsync(ct);
        if (!available) throw EcsException.Forbidden("reserved plans are not available to this account");
        return period;
    }

    public static Reservation New(Server server, Plan plan, ReservedPeriod period, DateTimeOffset start, DateTimeOffset now) => new()
    {
        AccountId = server.AccountId,
        ServerName = server.Name,
        PlanId = plan.Id,
        PlanName = plan.Name,
        Months = period.Months,
        Discount = period.Discount,
        Start = start,
        End = start.AddMonths(period.Months),
        CreatedAt = now,
    };

    /// <summary>The reservation's hours in the ledger; call once the reservation and its server have ids.</summary>
    public static void RecordUsage(EcsDbContext db, Server server, Reservation r) =>
        UsageRecorder.AddTerm(db, UsageSubject.Of(server), UsageMeter.Reserved, r.PlanName, r.Id, r.Start, r.End);

    /// <summary>
    /// The one refusal a delete knows: the real service does not let a reservation be dropped early. Reads the
    /// reservations loaded with the server (those not ended).
    /// </summary>
    public static void EnsureDeletable(Server server, DateTimeOffset now)
    {
        var until = server.Reservations.Where(r => r.End > now).Select(r => (DateTimeOffset?)r.End).Max();
        if (until is { } end)
            throw EcsException.Conflict($"server '{server.Name}' is reserved until {end:yyyy-MM-dd HH:mm} UTC: a reserved server cannot be deleted before its period ends");
    }

    /// <summary>A create that failed has nothing left to reserve: its reservations end now, and their billed hours with them.</summary>
    public static async Task EndEarlyAsync(EcsDbContext db, Server server, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var r in await db.Reservations.IgnoreQueryFilters().Where(r => r.ServerId == server.Id && r.End > now).ToListAsync(ct))
            r.End = r.Start > now ? r.Start : now;
        await UsageRecorder.CutTermsAsync(db, UsageSubject.Of(server), UsageMeter.Reserved, now, ct);
    }
}
