using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Crons;

/// <summary>What a schedule request may set; null leaves a field as it is (or, on create, at its default).</summary>
public sealed record ScheduleChange(bool? Enabled, int? MaxRetention, int? DayOfWeek, int? Hour, int? Minute, string? Schedule);

/// <summary>A server's periodic snapshot schedule: one per server, weekly (the only kind the docs offer).</summary>
public sealed class CronService(EcsDbContext db, ITenantAccessor tenants, TimeProvider time, IOptions<OpenEcsOptions> options)
{
    /// <summary>The docs' window: a schedule runs between 00:00 and 06:00 UTC.</summary>
    public const int LastHour = 5;

    public async Task<SnapshotSchedule> CreateAsync(string serverName, string? type, string? typology, ScheduleChange config, CancellationToken ct)
    {
        if (type != SnapshotSchedule.Type) throw EcsException.BadRequest($"type must be {SnapshotSchedule.Type} (the only cron there is)");
        if (typology is not (null or "weekly")) throw EcsException.BadRequest("typology must be weekly: only weekly schedules are offered");
        var server = await ServerAsync(serverName, ct);
        if (server.Status is ServerStatus.Deleting or ServerStatus.Failed)
            throw EcsException.Conflict($"server {server.Name} is {server.Status}: it cannot take periodic snapshots");
        if (config.MaxRetention is null) throw EcsException.BadRequest("config.max_retention is required: how many unprotected snapshots to keep");
        if (config.DayOfWeek is null && config.Schedule is null) throw EcsException.BadRequest("config.day_of_week is required: 0 (Sunday) to 6");
        if (await db.SnapshotSchedules.AnyAsync(c => c.ServerId == server.Id, ct))
            throw EcsException.Conflict($"server {server.Name} has a snapshot schedule already: change it with PATCH /servers/{server.Name}/crons/{SnapshotSchedule.NameOf(server.Name)}");
        var schedule = new SnapshotSchedule
        {
            AccountId = server.AccountId, ServerId = server.Id, ServerName = server.Name, CreatedAt = time.GetUtcNow(),
        };
        Apply(schedule, config);
        db.SnapshotSchedules.Add(schedule);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw EcsException.Conflict($"server {server.Name} has a snapshot schedule already");
        }
        return schedule;
    }

    public async Task<SnapshotSchedule> GetAsync(string serverName, string cronName, CancellationToken ct)
    {
        var server = await ServerAsync(serverName, ct);
        if (cronName != SnapshotSchedule.NameOf(server.Name)) throw EcsException.NotFound("cron", cronName);
        return await db.SnapshotSchedules.FirstOrDefaultAsync(c => c.ServerId == server.Id, ct) ?? throw EcsException.NotFound("cron", cronName);
    }

    public async Task<SnapshotSchedule> UpdateAsync(string serverName, string cronName, ScheduleChange change, CancellationToken ct)
    {
        if (change == new ScheduleChange(null, null, null, null, null, null))
            throw EcsException.BadRequest("nothing to update: give enabled, max_retention, day_of_week, hour, minute or schedule");
        var schedule = await GetAsync(serverName, cronName, ct);
        Apply(schedule, change);
        schedule.Version++;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw EcsException.Conflict("the schedule changed meanwhile (a snapshot was being taken): send the change again");
        }
        return schedule;
    }

    /// <summary>Periodic snapshots stop; the snapshots taken stay.</summary>
    public async Task<SnapshotSchedule> DeleteAsync(string serverName, string cronName, CancellationToken ct)
    {
        var schedule = await GetAsync(serverName, cronName, ct);
        await db.SnapshotSchedules.Where(c => c.Id == schedule.Id).ExecuteDeleteAsync(ct);
        return schedule;
    }

    private void Apply(SnapshotSchedule schedule, ScheduleChange change)
    {
        var (day, hour, minute) = (change.DayOfWeek, change.Hour, change.Minute);
        if (change.Schedule is { } expression)
        {
            var (m, h, d) = Parse(expression);
            if ((day ?? d) != d || (hour ?? h) != h || (minute ?? m) != m)
                throw EcsException.BadRequest("schedule and day_of_week/hour/minute disagree: give one of them");
            (day, hour, minute) = (d, h, m);
        }
        var limit = options.Value.Limits.MaxSnapshotsPerServer;
        if (change.MaxRetention is < 1 || change.MaxRetention > limit)
            throw EcsException.BadRequest($"max_retention must be between 1 and {limit} (the snapshots a server holds)");
        if (day is < 0 or > 6) throw EcsException.BadRequest("day_of_week must be 0 (Sunday) to 6 (Saturday)");
        if (hour is < 0 or > LastHour) throw EcsException.BadRequest($"hour must be 0 to {LastHour}: schedules run between 00:00 and 06:00 UTC");
        if (minute is < 0 or > 59) throw EcsException.BadRequest("minute must be 0 to 59");
        var timing = day is not null || hour is not null || minute is not null || change.Enabled == true && !schedule.Enabled;
        schedule.DayOfWeek = day ?? schedule.DayOfWeek;
        schedule.Hour = hour ?? schedule.Hour;
        schedule.Minute = minute ?? schedule.Minute;
        schedule.MaxRetention = change.MaxRetention ?? schedule.MaxRetention;
        schedule.Enabled = change.Enabled ?? schedule.Enabled;
        // A new time (or a schedule switched back on) counts from now: no catching up on what it was not asked to take.
        if (timing || schedule.NextRunAt == default) schedule.NextRunAt = schedule.NextAfter(time.GetUtcNow());
    }

    /// <summary>"M H * * D", optionally followed by the docs' legend; weekly only.</summary>
    private static (int Minute, int Hour, int Day) Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[2] != "*" || fields[3] != "*"
            || !int.TryParse(fields[0], out var m) || !int.TryParse(fields[1], out var h) || !int.TryParse(fields[4], out var d))
            throw EcsException.BadRequest("schedule must be weekly, in cron form 'MINUTE HOUR * * DAY' (e.g. '30 2 * * 0')");
        return (m, h, d == 7 ? 0 : d);
    }

    private async Task<Server> ServerAsync(string name, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return await db.Servers.AsNoTracking().FirstOrDefaultAsync(s => s.Name == name && s.Status != ServerStatus.Deleted, ct)
               ?? throw EcsException.NotFound("server", name);
    }
}
