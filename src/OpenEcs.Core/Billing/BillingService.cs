using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Reservations;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Templates;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Usage;

namespace OpenEcs.Core.Billing;

public sealed record ReservedHours(
    long ReservationId, int Months, long Hours, int Discount, decimal Price, decimal Reduction, DateTimeOffset Start, DateTimeOffset End);

/// <summary>A server's month: its hours online, offline and reserved, its support fee, and what they cost.</summary>
public sealed record ServerBill(
    Server Server, int Year, int Month, decimal HourlyPrice, long BilledHours, decimal Cost,
    long OnlineHours, decimal OnlinePrice, long OfflineHours, int OfflineDiscount, decimal OfflinePrice, decimal OfflineReduction,
    IReadOnlyList<ReservedHours> Reserved, string? SupportCode, decimal SupportPrice, decimal OriginalCost);

/// <summary>A template's or snapshot's month: hours on disk, its size (KiB) and cost.</summary>
public sealed record StorageBill(
    long Id, string Name, bool Deleted, DateTimeOffset CreatedAt, DateTimeOffset? DeletedAt, int Year, int Month,
    long Hours, long SizeOnDisk, decimal Cost, Template? Template);

/// <summary>
/// Bills, computed from the ledger (<see cref="UsageInterval"/>) and the catalog each time they are asked for: a month is
/// cut into the hours each resource began in it (<see cref="HourSlots"/>), each billed at what held when it began.
/// Money is rounded to cents per line, as the docs' example rounds it, and the cost is the sum of the lines.
/// </summary>
public sealed class BillingService(EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, TimeProvider time)
{
    private const long KibPerGib = 1024 * 1024;

    public async Task<IReadOnlyList<ServerBill>> ServersAsync(int year, int month, CancellationToken ct)
    {
        var window = Window(year, month);
        if (window.IsEmpty) return [];
        var usage = await UsageAsync(UsageKind.Server, window, ct);
        var ids = usage.Keys.ToList();
        var anchors = await AnchorsAsync(UsageKind.Server, UsageMeter.Hours, ids, ct);
        var servers = await db.Servers.AsNoTracking().Include(s => s.Group).Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var referenced = usage.Values.SelectMany(u => u).Where(u => u.Reference != null).Select(u => u.Reference!.Value).Distinct().ToList();
        var reservations = await db.Reservations.AsNoTracking().Where(r => referenced.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var account = await AccountAsync(ct);
        var bills = new List<ServerBill>();
        foreach (var (id, intervals) in usage)
        {
            if (!servers.TryGetValue(id, out var server) || !anchors.TryGetValue(id, out var anchor)) continue;
            var bill = BillServer(server, year, month, window, new HourSlots(anchor), intervals, reservations, account.OfflineAvailable);
            if (bill.BilledHours > 0 || bill.SupportPrice > 0) bills.Add(bill);
        }
        return bills;
    }

    public Task<IReadOnlyList<StorageBill>> TemplatesAsync(int year, int month, CancellationToken ct) =>
        StorageAsync(UsageKind.Template, catalog.Billing.TemplateGibHour, year, month, ct);

    public Task<IReadOnlyList<StorageBill>> SnapshotsAsync(int year, int month, CancellationToken ct) =>
        StorageAsync(UsageKind.Snapshot, catalog.Billing.SnapshotGibHour, year, month, ct);

    private ServerBill BillServer(Server server, int year, int month, Span window, HourSlots slots, List<UsageInterval> intervals,
        Dictionary<long, Reservation> reservations, bool offlineAvailable)
    {
        // Reserved periods, in order and never overlapping (a renewal starts where the last one ends).
        var terms = new List<(Reservation Reservation, Span Span, decimal Price)>();
        var after = DateTimeOffset.MinValue;
        foreach (var t in intervals.Where(u => u.Meter == UsageMeter.Reserved && u.Reference != null).OrderBy(u => u.From))
        {
            if (!reservations.TryGetValue(t.Reference!.Value, out var r)) continue;
            var span = new Span(t.From > after ? t.From : after, t.Until ?? window.Until);
            terms.Add((r, span, PriceOf(t.Rate)));
            if (span.Until > after) after = span.Until;
        }
        var reservedHours = new long[terms.Count];
        var reservedGross = new decimal[terms.Count];
        long online = 0, offline = 0, billed = 0;
        decimal onlineGross = 0, offlineGross = 0, billedGross = 0;
        foreach (var h in intervals.Where(u => u.Meter == UsageMeter.Hours))
        {
            var piece = window.Intersect(new Span(h.From, h.Until ?? window.Until));
            var total = slots.Count(piece.From, piece.Until);
            if (total == 0) continue;
            var price = PriceOf(h.Rate);
            var rest = total;
            for (var i = 0; i < terms.Count; i++)
            {
                var overlap = piece.Intersect(terms[i].Span);
                var n = slots.Count(overlap.From, overlap.Until);
                reservedHours[i] += n;
                reservedGross[i] += n * terms[i].Price;
                rest -= n;
            }
            billed += total;
            billedGross += total * price;
            if (h.State == UsageState.Offline && offlineAvailable)
            {
                offline += rest;
                offlineGross += rest * price;
            }
            else
            {
                online += rest;
                onlineGross += rest * price;
            }
        }
        var offlineDiscount = offlineAvailable ? catalog.Billing.OfflineDiscount : 0;
        var reserved = terms.Select((t, i) => new ReservedHours(t.Reservation.Id, t.Reservation.Months, reservedHours[i], t.Reservation.Discount,
                Money(reservedGross[i] * (100 - t.Reservation.Discount) / 100), Money(reservedGross[i] * t.Reservation.Discount / 100),
                t.Reservation.Start, t.Reservation.End))
            .Where(r => r.Hours > 0).ToList();
        var support = intervals.Where(u => u.Meter == UsageMeter.Support && u.From < window.Until && (u.Until ?? DateTimeOffset.MaxValue) > window.From)
            .Select(u => catalog.FindSupport(u.Rate)).OfType<SupportLevel>().OrderByDescending(l => l.MonthlyFee).FirstOrDefault();
        var supportPrice = support?.MonthlyFee ?? 0;
        var onlinePrice = Money(onlineGross);
        var offlinePrice = Money(offlineGross * (100 - offlineDiscount) / 100);
        return new ServerBill(server, year, month, PriceOf(server.Plan), billed,
            onlinePrice + offlinePrice + reserved.Sum(r => r.Price) + supportPrice,
            online, onlinePrice, offline, offlineDiscount, offlinePrice, Money(offlineGross * offlineDiscount / 100),
            reserved, support is { MonthlyFee: > 0 } ? support.Code : null, supportPrice, Money(billedGross) + supportPrice);
    }

    private async Task<IReadOnlyList<StorageBill>> StorageAsync(string kind, decimal gibHour, int year, int month, CancellationToken ct)
    {
        var window = Window(year, month);
        if (window.IsEmpty) return [];
        var usage = await UsageAsync(kind, window, ct);
        var ids = usage.Keys.ToList();
        var anchors = await AnchorsAsync(kind, UsageMeter.Storage, ids, ct);
        var templates = kind == UsageKind.Template
            ? await db.Templates.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct)
            : [];
        // A snapshot's whole life, for its creation and deletion times (the month's rows may show only part of it).
        var lives = await db.UsageIntervals.AsNoTracking().Where(u => u.Kind == kind && u.Meter == UsageMeter.Storage && ids.Contains(u.ResourceId))
            .Select(u => new { u.ResourceId, u.From, u.Until }).ToListAsync(ct);
        var bills = new List<StorageBill>();
        foreach (var (id, intervals) in usage)
        {
            if (!anchors.TryGetValue(id, out var anchor)) continue;
            var slots = new HourSlots(anchor);
            long hours = 0;
            decimal gibHours = 0;
            foreach (var s in intervals.Where(u => u.Meter == UsageMeter.Storage))
            {
                var piece = window.Intersect(new Span(s.From, s.Until ?? window.Until));
                var n = slots.Count(piece.From, piece.Until);
                hours += n;
                gibHours += n * (decimal)s.Quantity;
            }
            if (hours == 0) continue;
            var life = lives.Where(l => l.ResourceId == id).ToList();
            var open = life.Any(l => l.Until == null);
            var latest = intervals.Where(u => u.Meter == UsageMeter.Storage).MaxBy(u => u.From)!;
            var template = templates.GetValueOrDefault(id);
            bills.Add(new StorageBill(id, template?.Name ?? latest.ResourceName, !open,
                template?.CreationDate ?? life.Min(l => l.From), template?.DeletionDate ?? (open ? null : life.Max(l => l.Until)),
                year, month, hours, (long)Math.Round(latest.Quantity * KibPerGib), Money(gibHours * gibHour), template));
        }
        return bills;
    }

    /// <summary>The month up to now: hours that have not begun are not billed yet.</summary>
    private Span Window(int year, int month)
    {
        tenants.RequireFullAccount();
        if (year is < 2000 or > 9998) throw EcsException.BadRequest("year must be between 2000 and 9998");
        if (month is < 1 or > 12) throw EcsException.BadRequest("month must be between 1 and 12");
        var whole = Span.Month(year, month);
        var now = time.GetUtcNow();
        return new Span(whole.From, now < whole.Until ? now : whole.Until);
    }

    /// <summary>The account's intervals of a kind that overlap the window, by resource (in id order).</summary>
    private async Task<SortedDictionary<long, List<UsageInterval>>> UsageAsync(string kind, Span window, CancellationToken ct)
    {
        var rows = await db.UsageIntervals.AsNoTracking()
            .Where(u => u.Kind == kind && u.From < window.Until && (u.Until == null || u.Until > window.From))
            .ToListAsync(ct);
        return new SortedDictionary<long, List<UsageInterval>>(rows.GroupBy(u => u.ResourceId).ToDictionary(g => g.Key, g => g.ToList()));
    }

    /// <summary>Where each resource's hours are counted from: the start of its first interval of the meter.</summary>
    private async Task<Dictionary<long, DateTimeOffset>> AnchorsAsync(string kind, string meter, List<long> ids, CancellationToken ct) =>
        (await db.UsageIntervals.AsNoTracking().Where(u => u.Kind == kind && u.Meter == meter && ids.Contains(u.ResourceId))
            .Select(u => new { u.ResourceId, u.From }).ToListAsync(ct))
        .GroupBy(u => u.ResourceId).ToDictionary(g => g.Key, g => g.Min(u => u.From));

    private async Task<Account> AccountAsync(CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        return await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == tenant.AccountId, ct);
    }

    private decimal PriceOf(string plan) => catalog.FindPlan(plan) is { } p ? (decimal)p.HourlyPrice : 0;

    private static decimal Money(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
