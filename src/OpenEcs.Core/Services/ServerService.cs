using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Services;

public sealed record CreateServer(
    string Plan, string Location, string Image, string Notes, string? SshKey, string? Group, string? UserCustomize);

public sealed record ConsoleGrant(EcsAction Action, string ConsoleKey);

public sealed class ServerService(
    EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, IActionQueue queue, IHypervisor hypervisor,
    TimeProvider time, IOptions<OpenEcsOptions> options)
{
    public static readonly TimeSpan ConsoleKeyLifetime = TimeSpan.FromSeconds(60);

    /// <summary>Servers that still exist, including those being deleted.</summary>
    public Task<List<Server>> ListAsync(CancellationToken ct) =>
        db.Servers.AsNoTracking().Include(s => s.Group)
            .Where(s => s.Status != ServerStatus.Deleted).OrderBy(s => s.Id).ToListAsync(ct);

    public async Task<Server> GetAsync(string name, CancellationToken ct) =>
        await db.Servers.Include(s => s.Group)
            .FirstOrDefaultAsync(s => s.Name == name && s.Status != ServerStatus.Deleted, ct)
        ?? throw EcsException.NotFound("server", name);

    public async Task<(Server Server, EcsAction Action)> CreateAsync(CreateServer request, CancellationToken ct)
    {
        var tenant = tenants.Require();
        var plan = catalog.FindPlan(request.Plan) ?? throw EcsException.BadRequest($"unknown plan '{request.Plan}'");
        var region = catalog.FindRegion(request.Location)
                     ?? throw EcsException.BadRequest($"unknown location '{request.Location}'");
        if (!plan.Regions.Contains(region.Location, StringComparer.OrdinalIgnoreCase))
            throw EcsException.BadRequest($"plan '{plan.Name}' is not available in '{region.Location}'");
        await CheckImageAsync(tenant, plan, request.Image, ct);

        string? sshKey = null;
        if (!string.IsNullOrEmpty(request.SshKey))
        {
            // Group logins cannot see the account's ssh keys, so the key is looked up for the whole account.
            var key = await db.SshKeys.IgnoreQueryFilters()
                .FirstOrDefaultAsync(k => k.AccountId == tenant.AccountId && k.Label == request.SshKey, ct)
                ?? throw EcsException.BadRequest($"unknown ssh key label '{request.SshKey}'");
            sshKey = key.Key;
        }
        var group = await ResolveGroupAsync(tenant, request.Group, ct);

        var quota = options.Value.Limits.MaxServersPerAccount;
        var active = await db.Servers.IgnoreQueryFilters()
            .CountAsync(s => s.AccountId == tenant.AccountId && s.Status != ServerStatus.Deleted, ct);
        if (active >= quota)
            throw EcsException.Forbidden($"server quota reached: this account may hold at most {quota} servers");

        var now = time.GetUtcNow();
        return await NewAction.CreateWithActionAsync(db, queue, NameAllocator.Server, name => new Server
        {
            Name = name,
            AccountId = tenant.AccountId,
            Username = tenant.Username,
            GroupId = group?.Id,
            Group = group,
            Plan = plan.Name,
            Location = region.Location,
            Image = request.Image,
            Notes = request.Notes,
            SshKey = sshKey,
            UserCustomize = request.UserCustomize,
            Status = ServerStatus.Booting,
            PowerState = PowerState.Shutoff,
            CreationDate = now,
        }, server => NewAction.For(tenant, ActionType.CreateServer, server.Name, ResourceType.Server, now), ct);
    }

    public async Task UpdateAsync(string name, string? notes, string? group, CancellationToken ct)
    {
        var tenant = tenants.Require();
        if (notes is null && group is null) throw EcsException.BadRequest("nothing to update: give notes or group");
        var server = await GetAsync(name, ct);
        if (server.Status == ServerStatus.Deleting) throw EcsException.Conflict($"server '{name}' is being deleted");
        long? groupId = null;
        if (group is not null)
        {
            if (tenant.GroupId is not null) throw EcsException.Forbidden("a group login cannot move servers between groups");
            groupId = (await ResolveGroupAsync(tenant, group, ct))?.Id;
        }
        // Notes and group are the user's own fields, which no action writes: one statement sets them, outside the
        // concurrency token (Version), so that an edit while an action runs is neither refused nor makes the
        // action's next save fail.
        var updated = await db.Servers
            .Where(s => s.Id == server.Id && s.Status != ServerStatus.Deleting && s.Status != ServerStatus.Deleted)
            .ExecuteUpdateAsync(u =>
            {
                if (notes is not null) u.SetProperty(s => s.Notes, notes);
                if (group is not null) u.SetProperty(s => s.GroupId, groupId);
            }, ct);
        if (updated == 0) throw EcsException.Conflict($"server '{name}' is being deleted");
    }

    public async Task<EcsAction> DeleteAsync(string name, CancellationToken ct)
    {
        var tenant = tenants.Require();
        var server = await db.Servers.FirstOrDefaultAsync(
                         s => s.Name == name && s.Status != ServerStatus.Deleted && s.Status != ServerStatus.Deleting, ct)
                     ?? throw EcsException.NotFound("server", name);
        if (server.Status == ServerStatus.Booting)
            throw EcsException.Conflict($"server '{name}' is still being created; delete it once its create action ends");
        await EnsureIdleAsync(name, ct);
        server.Status = ServerStatus.Deleting;
        server.Version++;
        var action = NewAction.For(tenant, ActionType.DeleteServer, name, ResourceType.Server, time.GetUtcNow());
        db.Actions.Add(action);
        await SaveOrConflictAsync(name, ct);
        queue.Notify();
        return action;
    }

    public async Task<string> GetPowerStateAsync(string name, CancellationToken ct)
    {
        var server = await GetAsync(name, ct);
        if (server.Status != ServerStatus.Booted) return PowerState.Shutoff;
        return await hypervisor.GetPowerStateAsync(name, ct) ?? server.PowerState;
    }

    public async Task<EcsAction> PowerAsync(string name, string type, CancellationToken ct)
    {
        var tenant = tenants.Require();
        var server = await GetAsync(name, ct);
        if (server.Status != ServerStatus.Booted)
            throw EcsException.Conflict($"server '{name}' is {server.Status}: power actions need a Booted server");
        await EnsureIdleAsync(name, ct);
        var action = NewAction.For(tenant, type, name, ResourceType.Server, time.GetUtcNow());
        db.Actions.Add(action);
        server.Version++;
        await SaveOrConflictAsync(name, ct);
        queue.Notify();
        return action;
    }

    public async Task<ConsoleGrant> ConsoleAsync(string name, CancellationToken ct)
    {
        var tenant = tenants.Require();
        var server = await GetAsync(name, ct);
        if (server.Status != ServerStatus.Booted)
            throw EcsException.Conflict($"server '{name}' is {server.Status}: the console needs a Booted server");
        var now = time.GetUtcNow();
        var key = Guid.NewGuid().ToString();
        var action = NewAction.For(tenant, ActionType.Console, name, ResourceType.Server, now);
        db.Actions.Add(action);
        db.ConsoleTickets.Add(new ConsoleTicket
        {
            KeyHash = SecretToken.Hash(key), ServerId = server.Id, ExpiresAt = now + ConsoleKeyLifetime,
        });
        await db.SaveChangesAsync(ct);
        queue.Notify();
        return new ConsoleGrant(action, key);
    }

    private async Task CheckImageAsync(Tenant tenant, Plan plan, string image, CancellationToken ct)
    {
        var publicImage = catalog.FindImage(image);
        if (publicImage is not null)
        {
            if (publicImage.IsWindows != plan.Windows)
                throw EcsException.BadRequest(plan.Windows
                    ? $"plan '{plan.Name}' runs Windows images only; '{image}' is not one"
                    : $"image '{image}' needs a Windows plan (the ones ending in W)");
            return;
        }
        var template = await db.Templates.IgnoreQueryFilters().AnyAsync(
            t => t.AccountId == tenant.AccountId && t.Name == image && t.Status == TemplateStatus.Created, ct);
        if (!template) throw EcsException.BadRequest($"unknown image '{image}'");
    }

    private async Task<ServerGroup?> ResolveGroupAsync(Tenant tenant, string? group, CancellationToken ct)
    {
        if (tenant.GroupId is { } own)
        {
            var mine = await db.Groups.FirstAsync(g => g.Id == own, ct);
            if (!string.IsNullOrEmpty(group) && group != mine.Name && group != "nogroup")
                throw EcsException.Forbidden($"a login to group '{mine.Name}' creates servers in that group only");
            return mine;
        }
        if (string.IsNullOrEmpty(group) || group == "nogroup") return null;
        return await db.Groups.FirstOrDefaultAsync(g => g.Name == group, ct)
               ?? throw EcsException.BadRequest($"unknown group '{group}'");
    }

    private async Task EnsureIdleAsync(string name, CancellationToken ct)
    {
        var busy = await db.Actions.Where(a => a.Resource == name && a.Status == ActionStatus.InProgress
                                               && a.Type != ActionType.Console)
            .Select(a => new { a.Id, a.Type }).FirstOrDefaultAsync(ct);
        if (busy is not null)
            throw EcsException.Conflict($"server '{name}' is busy with action {busy.Id} ({busy.Type}); retry when it ends");
    }

    private async Task SaveOrConflictAsync(string name, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw EcsException.Conflict($"server '{name}' was changed by another request; retry");
        }
    }
}
