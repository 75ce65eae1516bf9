using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Groups;
using OpenEcs.Core.Security;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.SshKeys;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Templates;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Servers;

public sealed record CreateServer(
    string Plan, string Location, string Image, string Notes, string? SshKey, string? Group, string? UserCustomize)
{
    /// <summary>The password of the image's default user; hashed at once, never stored or passed on as it is.</summary>
    public string? Password { get; init; }
}

public sealed class ServerService(
    EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, ActionStarter actions, IHypervisor hypervisor,
    TimeProvider time, IOptions<OpenEcsOptions> options)
{
    private IQueryable<Server> Servers => db.Set<Server>();

    /// <summary>Servers that still exist, including those being deleted.</summary>
    public Task<List<Server>> ListAsync(CancellationToken ct) =>
        Servers.AsNoTracking().Include(s => s.Group)
            .Where(s => s.Status != ServerStatus.Deleted).OrderBy(s => s.Id).ToListAsync(ct);

    public async Task<Server> GetAsync(string name, CancellationToken ct) =>
        await Servers.Include(s => s.Group)
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
        await CheckImageAsync(plan, request.Image, ct);

        string? sshKey = null;
        if (!string.IsNullOrEmpty(request.SshKey))
        {
            // A group login names the account's ssh keys too, though it cannot list them.
            using (db.AccountWideScope())
                sshKey = (await db.Set<SshKey>().FirstOrDefaultAsync(k => k.Label == request.SshKey, ct))?.Key
                         ?? throw EcsException.BadRequest($"unknown ssh key label '{request.SshKey}'");
        }
        var group = await ResolveGroupAsync(tenant, request.Group, ct);
        var passwordHash = string.IsNullOrEmpty(request.Password) ? null : ShaCrypt.Hash(request.Password);

        var quota = options.Value.Limits.MaxServersPerAccount;
        return await actions.CreateAsync(NameAllocator.Server, name => new Server
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
            PasswordHash = passwordHash,
            UserCustomize = request.UserCustomize,
            Status = ServerStatus.Booting,
            PowerState = PowerState.Shutoff,
            CreationDate = time.GetUtcNow(),
        }, ActionType.CreateServer, ct, admit: async c =>
        {
            int active;
            using (db.AccountWideScope())
                active = await Servers.CountAsync(s => s.Status != ServerStatus.Deleted, c);
            if (active >= quota)
                throw EcsException.Forbidden($"server quota reached: this account may hold at most {quota} servers");
        });
    }

    /// <summary>Notes and group are the user's own fields, which no action writes: accepted in every state.</summary>
    public async Task UpdateAsync(string name, string? notes, string? group, CancellationToken ct)
    {
        var tenant = tenants.Require();
        if (notes is null && group is null) throw EcsException.BadRequest("nothing to update: give notes or group");
        var server = await GetAsync(name, ct);
        long? groupId = null;
        if (group is not null)
        {
            if (tenant.GroupId is not null) throw EcsException.Forbidden("a group login cannot move servers between groups");
            groupId = (await ResolveGroupAsync(tenant, group, ct))?.Id;
        }
        // One statement, outside the concurrency token (Version): an edit while an action runs neither waits for it
        // nor makes the action's next save fail.
        await Servers.Where(s => s.Id == server.Id).ExecuteUpdateAsync(u =>
        {
            if (notes is not null) u.SetProperty(s => s.Notes, notes);
            if (group is not null) u.SetProperty(s => s.GroupId, groupId);
        }, ct);
    }

    public Task<EcsAction> DeleteAsync(string name, CancellationToken ct) =>
        actions.DeleteAsync(c => GetAsync(name, c), s => s.Status = ServerStatus.Deleting, ct);

    public async Task<string> GetPowerStateAsync(string name, CancellationToken ct)
    {
        var server = await GetAsync(name, ct);
        if (server.Status is not (ServerStatus.Booted or ServerStatus.Customizing)) return server.PowerState;
        return await hypervisor.GetPowerStateAsync(name, ct) ?? server.PowerState;
    }

    /// <summary>power_on / power_off: queued behind the server's earlier actions, whatever its state now.</summary>
    public Task<EcsAction> PowerAsync(string name, string type, CancellationToken ct) =>
        actions.EnqueueAsync(c => GetAsync(name, c), type, ct);

    private async Task CheckImageAsync(Plan plan, string image, CancellationToken ct)
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
        bool template;
        using (db.AccountWideScope())
            template = await db.Set<Template>().AnyAsync(t => t.Name == image && t.Status == TemplateStatus.Created, ct);
        if (!template) throw EcsException.BadRequest($"unknown image '{image}'");
    }

    private async Task<ServerGroup?> ResolveGroupAsync(Tenant tenant, string? group, CancellationToken ct)
    {
        var groups = db.Set<ServerGroup>();
        if (tenant.GroupId is { } own)
        {
            var mine = await groups.FirstAsync(g => g.Id == own, ct);
            if (!string.IsNullOrEmpty(group) && group != mine.Name && group != "nogroup")
                throw EcsException.Forbidden($"a login to group '{mine.Name}' creates servers in that group only");
            return mine;
        }
        if (string.IsNullOrEmpty(group) || group == "nogroup") return null;
        return await groups.FirstOrDefaultAsync(g => g.Name == group, ct)
               ?? throw EcsException.BadRequest($"unknown group '{group}'");
    }
}
