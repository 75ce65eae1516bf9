using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Scripts;

/// <summary>The account's script library, and the public scripts every account may read and use.</summary>
public sealed class ScriptService(EcsDbContext db, ITenantAccessor tenants, TimeProvider time, IOptions<OpenEcsOptions> options)
{
    public const int MaxTitleLength = 100;
    public const int MaxContentLength = 64 * 1024;

    /// <summary>The account's own scripts, then the public scripts of others.</summary>
    public async Task<List<CloudScript>> ListAsync(CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        var own = await db.Scripts.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        return [.. own, .. await Public(tenant.AccountId).OrderBy(s => s.Id).ToListAsync(ct)];
    }

    public async Task<CloudScript> GetAsync(long id, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        return await FindAsync(id, tenant.AccountId, ct) ?? throw EcsException.NotFound("script", id.ToString());
    }

    public async Task<CloudScript> CreateAsync(string title, string content, bool windows, bool? makePublic, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        CheckPublish(tenant, makePublic);
        Check(title, content);
        var limit = options.Value.Limits.MaxScriptsPerAccount;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Scripts.CountAsync(ct) >= limit)
            throw EcsException.Forbidden($"script library full: an account holds at most {limit} scripts (delete one first)");
        var now = time.GetUtcNow();
        var script = new CloudScript
        {
            AccountId = tenant.AccountId, Username = tenant.Username, Title = title, Content = content, Windows = windows,
            Public = makePublic ?? false, CreatedAt = now, UpdatedAt = now,
        };
        db.Scripts.Add(script);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return script;
    }

    /// <summary>A partial update (PUT and PATCH alike): a field left null stays as it is.</summary>
    public async Task<CloudScript> UpdateAsync(long id, string? title, string? content, bool? windows, bool? makePublic, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        if (title is null && content is null && windows is null && makePublic is null)
            throw EcsException.BadRequest("nothing to update: give title, content or windows");
        CheckPublish(tenant, makePublic);
        var script = await OwnAsync(id, tenant, ct);
        Check(title ?? script.Title, content ?? script.Content);
        script.Title = title ?? script.Title;
        script.Content = content ?? script.Content;
        script.Windows = windows ?? script.Windows;
        script.Public = makePublic ?? script.Public;
        script.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return script;
    }

    /// <summary>Gone for good; servers created with it keep the text they were given.</summary>
    public async Task<CloudScript> DeleteAsync(long id, CancellationToken ct)
    {
        var script = await OwnAsync(id, tenants.RequireFullAccount(), ct);
        db.Scripts.Remove(script);
        await db.SaveChangesAsync(ct);
        return script;
    }

    /// <summary>
    /// The library script a server create names (its own account's or a public one): group logins use the account's
    /// library too, though they cannot list it.
    /// </summary>
    public async Task<CloudScript> ForServerAsync(long id, CancellationToken ct)
    {
        var tenant = tenants.Require();
        using (db.AccountWideScope())
            return await FindAsync(id, tenant.AccountId, ct)
                   ?? throw EcsException.BadRequest($"user_customize names script {id}, which is not in the script library");
    }

    private async Task<CloudScript?> FindAsync(long id, long account, CancellationToken ct) =>
        await db.Scripts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct)
        ?? await Public(account).FirstOrDefaultAsync(s => s.Id == id, ct);

    /// <summary>Public scripts of other accounts: the one read across accounts, and only of rows marked public.</summary>
    private IQueryable<CloudScript> Public(long account) =>
        db.Scripts.IgnoreQueryFilters().AsNoTracking().Where(s => s.Public && s.AccountId != account);

    private async Task<CloudScript> OwnAsync(long id, Tenant tenant, CancellationToken ct)
    {
        if (await db.Scripts.FirstOrDefaultAsync(s => s.Id == id, ct) is { } own) return own;
        if (await Public(tenant.AccountId).AnyAsync(s => s.Id == id, ct))
            throw EcsException.Forbidden($"script {id} is a public script of the operator: it can be used and read, not changed");
        throw EcsException.NotFound("script", id.ToString());
    }

    private static void CheckPublish(Tenant tenant, bool? makePublic)
    {
        if (makePublic == true && !tenant.IsAdmin) throw EcsException.Forbidden("only the operator publishes scripts (public: true)");
    }

    private static void Check(string title, string content)
    {
        if (string.IsNullOrWhiteSpace(title) || title.Length > MaxTitleLength || title.Any(char.IsControl))
            throw EcsException.BadRequest($"title must be 1 to {MaxTitleLength} printable characters");
        if (string.IsNullOrWhiteSpace(content)) throw EcsException.BadRequest("content is required");
        if (content.Length > MaxContentLength) throw EcsException.BadRequest($"content must be at most {MaxContentLength} characters");
        if (content.Contains('\0')) throw EcsException.BadRequest("content must not contain NUL characters");
    }
}
