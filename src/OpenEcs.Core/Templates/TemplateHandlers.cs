using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Snapshots;
using OpenEcs.Core.Usage;

namespace OpenEcs.Core.Templates;

internal static class TemplateLookup
{
    public static async Task<Template> TemplateOfAsync(this ActionRun run, CancellationToken ct) =>
        await run.Db.Set<Template>().IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Name == run.Action.Resource, ct)
        ?? throw new HypervisorException($"template {run.Action.Resource} no longer exists");
}

public sealed class CreateTemplateHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status == TemplateStatus.Creating)
        {
            string? snapshot = null;
            if (template.SourceSnapshotId is { } id)
                snapshot = await run.Db.Snapshots.IgnoreQueryFilters()
                               .Where(s => s.Id == id && s.Status == SnapshotStatus.Created).Select(s => s.Name).FirstOrDefaultAsync(ct)
                           ?? throw new HypervisorException($"snapshot {id} was deleted before the template was captured");
            await hypervisor.CaptureTemplateAsync(template.SourceServer, snapshot, template.Name, run.Operation, ct);
            template.Status = TemplateStatus.Created;
            template.ActiveFlag = true;
            await TemplateUsage.StartAsync(run.Db, template, time.GetUtcNow(), ct);
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status != TemplateStatus.Creating) return; // cancelled by its delete, which follows
        template.Status = TemplateStatus.Deleted;
        template.DeletionDate = time.GetUtcNow();
    }
}

/// <summary>Runs once no server is still being created from the template (those creates keep their image).</summary>
public sealed class DeleteTemplateHandler(IHypervisor hypervisor, TimeProvider time, WallClock wall) : IActionHandler
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status != TemplateStatus.Deleted)
        {
            // Template names are unique across accounts: only its owner's servers can name it.
            while (await run.Db.Servers.IgnoreQueryFilters().AnyAsync(s => s.Image == template.Name && s.Status == ServerStatus.Booting, ct))
                await Task.Delay(Poll, wall, ct);
            await hypervisor.DeleteTemplateAsync(template.Name, run.Operation, ct);
            template.Status = TemplateStatus.Deleted;
            template.ActiveFlag = false;
            template.DeletionDate = time.GetUtcNow();
            await UsageRecorder.EndAsync(run.Db, UsageSubject.Of(template), template.DeletionDate.Value, ct);
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status != TemplateStatus.Deleting) return;
        // A capture that never finished has nothing to fall back to.
        var captured = await run.Db.Set<EcsAction>().IgnoreQueryFilters().AnyAsync(a => a.Resource == template.Name
            && a.Type == ActionType.CreateTemplate && a.Status == ActionStatus.Completed, ct);
        template.Status = captured ? TemplateStatus.Created : TemplateStatus.Deleted;
        template.ActiveFlag = captured;
    }
}

/// <summary>A template's side of the ledger: its disk space, from the capture's end to the delete's.</summary>
public static class TemplateUsage
{
    /// <summary>Billed on the disk size servers made from it get, until the hypervisor reports the size on disk.</summary>
    public static Task StartAsync(Storage.EcsDbContext db, Template template, DateTimeOffset at, CancellationToken ct) =>
        UsageRecorder.SetAsync(db, UsageSubject.Of(template), UsageMeter.Storage, at, ct, quantity: template.RequiredDisk);
}
