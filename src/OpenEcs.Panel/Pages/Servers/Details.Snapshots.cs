using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>The server's snapshots and their weekly schedule (a section of its page; full accounts only, as in the API).</summary>
public sealed partial class DetailsModel
{
    public static readonly string[] Days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public IReadOnlyList<Snapshot> Snapshots { get; private set; } = [];
    public SnapshotSchedule? Schedule { get; private set; }

    /// <summary>The badge class of a snapshot's state word (CG, CD, DE, DD).</summary>
    public static string SnapshotBadge(string status) => status switch
    {
        "CD" => "badge good",
        "CG" => "badge busy",
        _ => "badge bad",
    };

    private async Task LoadSnapshotsAsync(CancellationToken ct)
    {
        if (!Session.IsAccount) return;
        var snapshots = Ecs.Snapshots.ListAsync(Name, ct);
        Schedule = await ScheduleOrNullAsync(ct);
        Snapshots = (await snapshots).OrderByDescending(s => s.Id).ToList();
    }

    private async Task<SnapshotSchedule?> ScheduleOrNullAsync(CancellationToken ct)
    {
        try
        {
            return await Ecs.Snapshots.GetScheduleAsync(Name, ct);
        }
        catch (EcsNotFoundException)
        {
            return null; // no schedule (the server itself was found a moment ago)
        }
    }

    public async Task<IActionResult> OnPostSnapshotAsync(string? snapshotDescription, bool snapshotProtected, CancellationToken ct)
    {
        var taken = await Ecs.Snapshots.CreateAsync(Name, new SnapshotRequest { Description = snapshotDescription ?? "", Protected = snapshotProtected }, ct);
        return Back($"Taking snapshot {taken.Snapshot.Name} (action {taken.Action.Id}).");
    }

    public async Task<IActionResult> OnPostRollbackAsync(long snapshot, CancellationToken ct)
    {
        var action = await Ecs.Servers.RollbackAsync(Name, snapshot, ct);
        return Back($"Restoring {Name} from snapshot {snapshot} (action {action.Id}).");
    }

    public async Task<IActionResult> OnPostDeleteSnapshotAsync(long snapshot, CancellationToken ct)
    {
        var deleting = await Ecs.Snapshots.DeleteAsync(Name, snapshot, ct);
        return Back($"Deleting snapshot {deleting.Snapshot.Name} (action {deleting.Action.Id}).");
    }

    public async Task<IActionResult> OnPostSnapshotTemplateAsync(long snapshot, string? templateNotes, CancellationToken ct)
    {
        var created = await Ecs.Templates.CreateAsync(new CreateTemplateRequest { Snapshot = snapshot, Notes = templateNotes }, ct);
        return Back($"Making template {created.Template.Name} of snapshot {snapshot} (action {created.ActionId}).");
    }

    /// <summary>Starts the weekly schedule, or changes it when there is one.</summary>
    public async Task<IActionResult> OnPostScheduleAsync(int maxRetention, int dayOfWeek, int hour, int minute, bool enabled, CancellationToken ct)
    {
        var request = new SnapshotScheduleRequest { MaxRetention = maxRetention, DayOfWeek = dayOfWeek, Hour = hour, Minute = minute };
        var schedule = await ScheduleOrNullAsync(ct) is null
            ? await Ecs.Snapshots.ScheduleAsync(Name, request, ct)
            : await Ecs.Snapshots.UpdateScheduleAsync(Name, request with { Enabled = enabled }, ct);
        return Back($"Periodic snapshots saved: next at {Format.When(schedule.NextRunAt)}.");
    }

    public async Task<IActionResult> OnPostUnscheduleAsync(CancellationToken ct)
    {
        await Ecs.Snapshots.DeleteScheduleAsync(Name, ct);
        return Back("Periodic snapshots stopped; the snapshots taken stay.");
    }
}
