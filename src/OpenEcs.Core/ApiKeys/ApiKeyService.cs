using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Accounts;

namespace OpenEcs.Core.ApiKeys;

public sealed class ApiKeyService(EcsDbContext db, ITenantAccessor tenants, TimeProvider time, CredentialCache cache, IOptions<OpenEcsOptions> options)
{
    public const int MaxNotesLength = 255;

    public Task<List<ApiKey>> ListAsync(CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return db.ApiKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
    }

    /// <summary>Creates a token; the plain value is returned this once and only its hash is kept.</summary>
    public async Task<(ApiKey Key, string Token)> CreateAsync(string notes, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        CheckNotes(notes);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await AccountQuota.AdmitAsync(db, tenant.AccountId, options.Value.Limits.MaxApiKeysPerAccount, ("API token", "API tokens"),
            c => db.ApiKeys.CountAsync(c), ct);
        var token = SecretToken.NewApiToken();
        var key = new ApiKey { AccountId = tenant.AccountId, Notes = notes, TokenHash = SecretToken.Hash(token), CreatedAt = time.GetUtcNow() };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (key, token);
    }

    public async Task UpdateAsync(long id, string notes, CancellationToken ct)
    {
        CheckNotes(notes);
        var key = await GetAsync(id, ct);
        key.Notes = notes;
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        var key = await GetAsync(id, ct);
        db.ApiKeys.Remove(key);
        await db.SaveChangesAsync(ct);
        cache.Evict(CredentialCache.ApiTokenKey(key.TokenHash));
    }

    /// <summary>The account a presented token belongs to, or null for an unknown or deleted token.</summary>
    public async Task<Tenant?> AuthenticateAsync(string token, CancellationToken ct)
    {
        var hash = SecretToken.Hash(token);
        return (await cache.GetOrLoadAsync(CredentialCache.ApiTokenKey(hash), () => LookUpAsync(hash, ct)))?.Tenant;
    }

    private async Task<Credential?> LookUpAsync(string hash, CancellationToken ct)
    {
        var found = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.TokenHash == hash)
            .Join(db.Accounts, k => k.AccountId, a => a.Id, (k, a) => new { a.Id, a.Username, a.IsAdmin, KeyId = k.Id })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : new Credential(new Tenant(found.Id, found.Username, null, found.IsAdmin, found.KeyId), 0);
    }

    private async Task<ApiKey> GetAsync(long id, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw EcsException.NotFound("key", id.ToString());
    }

    private static void CheckNotes(string notes)
    {
        if (notes.Length > MaxNotesLength) throw EcsException.BadRequest($"notes must be at most {MaxNotesLength} characters");
    }
}
