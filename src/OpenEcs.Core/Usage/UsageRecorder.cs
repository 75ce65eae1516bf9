using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Templates;

namespace OpenEcs.Core.Usage;

/// <summary>The resource a usage interval bills.</summary>
public sealed record UsageSubject(string Kind, long Id, long AccountId, string Name)
{
    public static UsageSubject Of(Server s) => new(UsageKind.Server, s.Id, s.AccountId, s.Name);
    public static UsageSubject Of(Template t) => new(UsageKind.Template, t.Id, t.AccountId, t.Name);
}

/// <summary>
/// Writes the billing ledger. Each call only adds or changes tracked rows: the caller's next save (the one that saves
/// the state change itself: a handler's completed action, a request's transaction) writes them, so an interval starts
/// and ends exactly when the change does. Calls are idempotent: setting the state a resource is already in changes
/// nothing, which is what lets an action handler run again after a crash.
/// </summary>
public static class UsageRecorder
{
    /// <summary>
    /// From <paramref name="at"/> on, the subject's <paramref name="meter"/> bills in this state and rate: the meter's
    /// open interval is closed if it says otherwise, and a new one opened; nothing happens if it already says so.
    /// </summary>
    public static async Task SetAsync(EcsDbContext db, UsageSubject subject, string meter, DateTimeOffset at, CancellationToken ct,
        string state = "", string rate = "", double quantity = 1)
    {
        var open = await OpenAsync(db, subject, meter, ct);
        if (open.Count == 1 && open[0].State == state && open[0].Rate == rate && open[0].Quantity.Equals(quantity)) return;
        Close(open, at);
        db.UsageIntervals.Add(new UsageInterval
        {
            AccountId = subject.AccountId, Kind = subject.Kind, ResourceId = subject.Id, ResourceName = subject.Name,
            Meter = meter, State = state, Rate = rate, Quantity = quantity, From = at,
        });
    }

    /// <summary>Ends the subject's open intervals at <paramref name="at"/>: of one meter, or (null) of all.</summary>
    public static async Task EndAsync(EcsDbContext db, UsageSubject subject, DateTimeOffset at, CancellationToken ct, string? meter = null) =>
        Close(await OpenAsync(db, subject, meter, ct), at);

    /// <summary>A term bought in advance (a reserved period): written whole, from its start to its end.</summary>
    public static void AddTerm(EcsDbContext db, UsageSubject subject, string meter, string rate, long reference,
        DateTimeOffset from, DateTimeOffset until) =>
        db.UsageIntervals.Add(new UsageInterval
        {
            AccountId = subject.AccountId, Kind = subject.Kind, ResourceId = subject.Id, ResourceName = subject.Name,
            Meter = meter, Rate = rate, Reference = reference, From = from, Until = until,
        });

    /// <summary>Cuts the subject's terms of a meter that run past <paramref name="at"/> (a create that failed ends its reservation).</summary>
    public static async Task CutTermsAsync(EcsDbContext db, UsageSubject subject, string meter, DateTimeOffset at, CancellationToken ct)
    {
        var terms = await Of(db, subject).Where(u => u.Meter == meter && u.Until > at).ToListAsync(ct);
        foreach (var term in terms) term.Until = term.From > at ? term.From : at;
    }

    private static async Task<List<UsageInterval>> OpenAsync(EcsDbContext db, UsageSubject subject, string? meter, CancellationToken ct)
    {
        var stored = await Of(db, subject).Where(u => u.Until == null && (meter == null || u.Meter == meter)).ToListAsync(ct);
        // Rows this unit of work added and has not saved yet are open too.
        var pending = db.ChangeTracker.Entries<UsageInterval>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(u => u.Kind == subject.Kind && u.ResourceId == subject.Id && u.Until == null && (meter == null || u.Meter == meter));
        return stored.Concat(pending).Distinct().ToList();
    }

    private static IQueryable<UsageInterval> Of(EcsDbContext db, UsageSubject subject) =>
        db.UsageIntervals.IgnoreQueryFilters().Where(u => u.Kind == subject.Kind && u.ResourceId == subject.Id);

    private static void Close(List<UsageInterval> open, DateTimeOffset at)
    {
        // Never a negative stretch, even if a clock was set back (the emulator's manual clock after a restart).
        foreach (var interval in open) interval.Until = at < interval.From ? interval.From : at;
    }
}
