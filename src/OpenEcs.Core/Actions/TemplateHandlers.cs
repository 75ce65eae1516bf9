using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Core.Actions;

internal static class TemplateLookup
{
    public static async Task<Template> TemplateOfAsync(this ActionRun run, CancellationToken ct) =>
        await run.Db.Templates.IgnoreQueryFilters().FirstOrDefaultAsync(t => t.Name == run.Action.Resource, ct)
        ?? throw new HypervisorException($"template {run.Action.Resource} no longer exists");
}

public sealed class CreateTemplateHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public string Type => ActionType.CreateTemplate;

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status == TemplateStatus.Creating)
        {
            await hypervisor.CaptureTemplateAsync(template.SourceServer, template.Name, run.Operation, ct);
            template.Status = TemplateStatus.Created;
            template.ActiveFlag = true;
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status != TemplateStatus.Creating) return;
        template.Status = TemplateStatus.Deleted;
        template.DeletionDate = time.GetUtcNow();
    }
}

public sealed class DeleteTemplateHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public string Type => ActionType.DeleteTemplate;

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status != TemplateStatus.Deleted)
        {
            await hypervisor.DeleteTemplateAsync(template.Name, run.Operation, ct);
            template.Status = TemplateStatus.Deleted;
            template.ActiveFlag = false;
            template.DeletionDate = time.GetUtcNow();
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var template = await run.TemplateOfAsync(ct);
        if (template.Status != TemplateStatus.Deleting) return;
        template.Status = TemplateStatus.Created;
        template.ActiveFlag = true;
    }
}
