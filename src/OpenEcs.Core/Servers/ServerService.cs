using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Groups;
using OpenEcs.Core.Hosts;
using OpenEcs.Core.Security;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Scripts;
using OpenEcs.Core.Isolations;
using OpenEcs.Core.Networks;
using OpenEcs.Core.Reservations;
using OpenEcs.Core.SshKeys;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Templates;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Usage;
using OpenEcs.Core.Support;

namespace OpenEcs.Core.Servers;

/// <summary>A server to create; the user script is inline text (UserCustomize) or a library script (UserScriptId).</summary>
public sealed record CreateServer(
    string Plan, string Location, string Image, string Notes, string? SshKey, string? Group, string? UserCustomize,
    long? UserScriptId = null, string? UserCustomizeEnv = null, ServerTerms? Terms = null)
{
    /// <summary>The password of the image's default user; hashed at once, never stored or passed on as it is.</summary>
    public string? Password { get; init; }
    /// <summary>Private networks the server joins from the start, with their VLANs.</summary>
    public IReadOnlyList<Networks.NetworkRequest> Networks { get; init; } = [];
}

/// <summary>What a create commits the account to beyond the plan: support, a reserved period, hosts to keep apart from.</summary>
public sealed record ServerTerms(string? Support, string? ReservedPlan, IReadOnlyList<string> IsolateFrom)
{
    public static readonly ServerTerms None = new(null, null, []);
}

public sealed class ServerService(
    EcsDbContext db, ITenantAccessor tenants, PlanCatalog catalog, ActionStarter actions, IHypervisor hypervisor,
    IServerPlacement placement, IsolationService isolations, TimeProvider time, IOptions<OpenEcsOptions> options, ScriptService scripts)
{
    private IQueryable<Server> Servers => db.Set<Server>();

    /// <summary>With the group and the reservations that have not ended (what the wire shape shows).</summary>
    private IQueryable<Server> Shown
    {
        get
        {
            var now = time.GetUtcNow();
            return Servers.Include(s => s.Group).Include(s => s.LastRestoredSnapshot).ThenInclude(p => p!.Parent)
                .Include(s => s.Reservations.Where(r => r.End > now).OrderBy(r => r.Start));
        }
    }

    /// <summary>Servers that still exist, including those being deleted (untracked: for showing).</summary>
    public Task<List<Server>> ListAsync(CancellationToken ct) => ServerReads.ListAsync(db, time.GetUtcNow(), ct);

    /// <summary>One server as <see cref="GetAsync"/> finds it, untracked: for showing, not for changing.</summary>
    public async Task<Server> ShowAsync(string name, CancellationToken ct) =>
        await ServerReads.FindAsync(db, name, time.GetUtcNow(), ct) ?? throw EcsException.NotFound("server", name);

    public async Task<Server> GetAsync(string name, CancellationToken ct) =>
        await Shown.FirstOrDefaultAsync(s => s.Name == name && s.Status != ServerStatus.Deleted, ct)
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
        var (script, env) = await UserScriptAsync(request, plan, ct);

        var terms = request.Terms ?? ServerTerms.None;
        var support = terms.Support is { Length: > 0 } code ? SupportService.Orderable(catalog, code) : null;
        var reserved = terms.ReservedPlan is { Length: > 0 } rp ? await ReservationService.CheckAsync(db, catalog, tenant, plan, rp, ct) : null;
        var peers = terms.IsolateFrom.Count > 0 ? await isolations.ResolveAsync(terms.IsolateFrom, ct) : [];
        var networks = await NetworkService.ResolveAsync(db, request.Networks, ct);
        var host = "";
        var now = time.GetUtcNow();
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
            UserCustomize = script,
            UserCustomizeEnv = env,
            Status = ServerStatus.Booting,
            PowerState = PowerState.Shutoff,
            CreationDate = now,
            Host = host,
            SupportCode = support?.Code,
            SupportSince = support is null ? null : now,
        }, ActionType.CreateServer, ct, admit: async c =>
        {
            await AccountQuota.AdmitAsync(db, tenant.AccountId, quota, ("server", "servers"),
                q => Servers.CountAsync(s => s.Status != ServerStatus.Deleted, q), c);
            host = await placement.PlaceAsync(region.Location, plan, peers.Select(p => p.Host).ToHashSet(), c)
                   ?? throw EcsException.Conflict(peers.Count == 0
                       ? $"no host of {region.Location} can take a server of plan {plan.Name}"
                       : $"isolate_from cannot be satisfied: every host of {region.Location} holds one of {string.Join(", ", peers.Select(p => p.Name))}");
        }, inserted: async (server, c) =>
        {
            // The ledger starts with the server, in its create's transaction: it bills from its creation date.
            await UsageRecorder.SetAsync(db, UsageSubject.Of(server), UsageMeter.Hours, server.CreationDate, c,
                UsageState.Online, server.Plan);
            await SupportService.StartAsync(db, server, c);
            if (reserved is not null)
            {
                var reservation = ReservationService.New(server, plan, reserved, server.CreationDate, server.CreationDate);
                server.Reservations.Add(reservation);
                await db.SaveChangesAsync(c);
                ReservationService.RecordUsage(db, server, reservation);
            }
            isolations.Record(server, peers);
            NetworkService.Record(db, server, networks, server.CreationDate);
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

    /// <summary>Accepted in every state, except inside a reserved period (the one refusal a delete knows).</summary>
    public Task<EcsAction> DeleteAsync(string name, CancellationToken ct) =>
        actions.DeleteAsync(async c =>
        {
            var server = await GetAsync(name, c);
            // A repeat while deleting is answered with the delete in flight; a server being deleted holds no reservation.
            if (server.Status != ServerStatus.Deleting) ReservationService.EnsureDeletable(server, time.GetUtcNow());
            return server;
        }, s => s.Status = ServerStatus.Deleting, ct);

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
        // Through the tenant filter as it stands: templates are hidden from group logins, so they cannot boot one either.
        var templateDisk = await db.Set<Template>().Where(t => t.Name == image && t.Status == TemplateStatus.Created)
            .Select(t => (int?)t.RequiredDisk).FirstOrDefaultAsync(ct);
        if (templateDisk is null) throw EcsException.BadRequest($"unknown image '{image}'");
        // A template's disk holds its server's whole disk: a smaller plan could not hold it.
        if (templateDisk > plan.DiskGb)
            throw EcsException.BadRequest($"template '{image}' needs a disk of {templateDisk} GB; plan '{plan.Name}' has {plan.DiskGb} GB");
    }

    /// <summary>user_customize as a library script's id (with its environment) or as the script's text.</summary>
    private async Task<(string? Script, string? Env)> UserScriptAsync(CreateServer request, Plan plan, CancellationToken ct)
    {
        var env = UserScripts.CheckEnv(request.UserCustomizeEnv);
        if (request.UserScriptId is not { } id)
        {
            // As the docs and ecsapi's own validator have it: environment lines go with a library script only.
            if (env is not null)
                throw EcsException.BadRequest("user_customize_env needs a script of the library: give user_customize as the script's id");
            return (string.IsNullOrWhiteSpace(request.UserCustomize) ? null : request.UserCustomize, null);
        }
        var script = await scripts.ForServerAsync(id, ct);
        if (script.Windows != plan.Windows)
            throw EcsException.BadRequest(script.Windows
                ? $"script {id} is for Windows servers; plan '{plan.Name}' runs Linux"
                : $"script {id} is for Linux servers; plan '{plan.Name}' runs Windows");
        return (script.Content, env);
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
