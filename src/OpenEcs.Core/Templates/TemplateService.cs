using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Snapshots;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Templates;

public sealed class TemplateService(
    EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, ActionStarter actions, TimeProvider time)
{
    private IQueryable<Template> Live => db.Set<Template>().Where(t => t.Status != TemplateStatus.Deleted);

    public Task<List<Template>> ListAsync(CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return Live.AsNoTracking().OrderBy(t => t.Id).ToListAsync(ct);
    }

    /// <summary>By numeric id or by name (ei2NNNNN), as the clients use both.</summary>
    public async Task<Template> GetAsync(string idOrName, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        var template = long.TryParse(idOrName, out var id)
            ? await Live.FirstOrDefaultAsync(t => t.Id == id, ct)
            : await Live.FirstOrDefaultAsync(t => t.Name == idOrName, ct);
        return template ?? throw EcsException.NotFound("template", idOrName);
    }

    /// <summary>From a server as it is now, or from one of its snapshots (a snapshot becomes a template, not the reverse).</summary>
    public async Task<(Template Template, EcsAction Action)> CreateAsync(
        string? serverName, long? snapshotId, string? notes, string? description, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        if (serverName is not null && snapshotId is not null)
            throw EcsException.BadRequest("give server or snapshot, not both: a template comes from one of them");
        Snapshot? snapshot = null;
        if (snapshotId is { } sid)
        {
            snapshot = await db.Snapshots.FirstOrDefaultAsync(s => s.Id == sid && s.Status != SnapshotStatus.Deleted, ct)
                       ?? throw EcsException.BadRequest($"unknown snapshot {sid}");
            if (snapshot.Status != SnapshotStatus.Created)
                throw EcsException.Conflict($"snapshot {sid} is {SnapshotStatus.Label(snapshot.Status)}: templates are made of created snapshots");
            serverName = snapshot.SourceServer;
        }
        if (serverName is null) throw EcsException.BadRequest("server is required (or snapshot: the id of a snapshot to make the template of)");
        var server = await db.Set<Server>().FirstOrDefaultAsync(s => s.Name == serverName && s.Status != ServerStatus.Deleted, ct)
                     ?? throw EcsException.BadRequest($"unknown server '{serverName}'");
        if (server.Status is not (ServerStatus.Booted or ServerStatus.Customizing))
            throw EcsException.Conflict($"server '{serverName}' is {server.Status}: templates are taken from servers that have booted");
        var image = catalog.FindImage(server.Image);
        var plan = catalog.FindPlan(server.Plan);
        return await actions.CreateAsync(NameAllocator.Template, name => new Template
        {
            Name = name,
            AccountId = tenant.AccountId,
            Uuid = Guid.NewGuid(),
            Notes = notes ?? "",
            Description = description ?? "",
            SoBase = image?.SoBase ?? "linux",
            RequiredDisk = plan?.DiskGb ?? image?.RequiredDisk ?? 20,
            SourceServer = server.Name,
            SourceSnapshotId = snapshot?.Id,
            Status = TemplateStatus.Creating,
            CreationDate = time.GetUtcNow(),
        }, ActionType.CreateTemplate, ct);
    }

    /// <summary>Notes and description are the user's own fields: one statement, outside the concurrency token.</summary>
    public async Task<Template> UpdateAsync(string idOrName, string? notes, string? description, CancellationToken ct)
    {
        if (notes is null && description is null) throw EcsException.BadRequest("nothing to update: give notes or description");
        var template = await GetAsync(idOrName, ct);
        await db.Set<Template>().Where(t => t.Id == template.Id).ExecuteUpdateAsync(u =>
        {
            if (notes is not null) u.SetProperty(t => t.Notes, notes);
            if (description is not null) u.SetProperty(t => t.Description, description);
        }, ct);
        return await db.Set<Template>().AsNoTracking().FirstAsync(t => t.Id == template.Id, ct);
    }

    /// <summary>Accepted in every state: a template still being captured has its capture cancelled.</summary>
    public Task<EcsAction> DeleteAsync(string idOrName, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return actions.DeleteAsync(c => GetAsync(idOrName, c), t =>
        {
            t.Status = TemplateStatus.Deleting;
            t.ActiveFlag = false;
        }, ct);
    }
}
