using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Services;

public sealed class TemplateService(
    EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, IActionQueue queue, TimeProvider time)
{
    public Task<List<Template>> ListAsync(CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return db.Templates.AsNoTracking().Where(t => t.Status != TemplateStatus.Deleted).OrderBy(t => t.Id).ToListAsync(ct);
    }

    /// <summary>By numeric id or by name (ei2NNNNN), as the clients use both.</summary>
    public async Task<Template> GetAsync(string idOrName, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        var live = db.Templates.Where(t => t.Status != TemplateStatus.Deleted);
        var template = long.TryParse(idOrName, out var id)
            ? await live.FirstOrDefaultAsync(t => t.Id == id, ct)
            : await live.FirstOrDefaultAsync(t => t.Name == idOrName, ct);
        return template ?? throw EcsException.NotFound("template", idOrName);
    }

    public async Task<(Template Template, EcsAction Action)> CreateAsync(
        string serverName, string? notes, string? description, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        var server = await db.Servers.FirstOrDefaultAsync(s => s.Name == serverName && s.Status != ServerStatus.Deleted, ct)
                     ?? throw EcsException.BadRequest($"unknown server '{serverName}'");
        if (server.Status != ServerStatus.Booted)
            throw EcsException.Conflict($"server '{serverName}' is {server.Status}: templates are taken from Booted servers");
        var image = catalog.FindImage(server.Image);
        var plan = catalog.FindPlan(server.Plan);
        var now = time.GetUtcNow();
        return await NewAction.CreateWithActionAsync(db, queue, NameAllocator.Template, name => new Template
        {
            Name = name,
            AccountId = tenant.AccountId,
            Uuid = Guid.NewGuid(),
            Notes = notes ?? "",
            Description = description ?? "",
            SoBase = image?.SoBase ?? "linux",
            RequiredDisk = plan?.DiskGb ?? image?.RequiredDisk ?? 20,
            SourceServer = server.Name,
            Status = TemplateStatus.Creating,
            CreationDate = now,
        }, template => NewAction.For(tenant, ActionType.CreateTemplate, template.Name, ResourceType.Template, now), ct);
    }

    public async Task<Template> UpdateAsync(string idOrName, string? notes, string? description, CancellationToken ct)
    {
        if (notes is null && description is null) throw EcsException.BadRequest("nothing to update: give notes or description");
        var template = await GetAsync(idOrName, ct);
        if (notes is not null) template.Notes = notes;
        if (description is not null) template.Description = description;
        await db.SaveChangesAsync(ct);
        return template;
    }

    public async Task<EcsAction> DeleteAsync(string idOrName, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        var template = await GetAsync(idOrName, ct);
        if (template.Status != TemplateStatus.Created)
            throw template.Status == TemplateStatus.Deleting
                ? EcsException.NotFound("template", idOrName)
                : EcsException.Conflict($"template '{template.Name}' is {template.Status}; delete it once it is Created");
        var inUse = await db.Servers.IgnoreQueryFilters()
            .AnyAsync(s => s.AccountId == tenant.AccountId && s.Image == template.Name && s.Status == ServerStatus.Booting, ct);
        if (inUse) throw EcsException.Conflict($"template '{template.Name}' is being used by a server that is booting");
        template.Status = TemplateStatus.Deleting;
        template.ActiveFlag = false;
        var action = NewAction.For(tenant, ActionType.DeleteTemplate, template.Name, ResourceType.Template, time.GetUtcNow());
        db.Actions.Add(action);
        await db.SaveChangesAsync(ct);
        queue.Notify();
        return action;
    }
}
