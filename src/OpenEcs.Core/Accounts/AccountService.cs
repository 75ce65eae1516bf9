using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Groups;

namespace OpenEcs.Core.Accounts;

public sealed class AccountService(
    EcsDbContext db, ITenantAccessor tenants, TimeProvider time, IOptions<OpenEcsOptions> options, CredentialCache cache)
{
    private int Iterations => options.Value.Auth.PasswordIterations;

    public async Task<Account> CreateAsync(string username, string password, string email, bool isAdmin, CancellationToken ct)
    {
        username = username.Trim();
        if (username.Length is < 1 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw EcsException.BadRequest("username must be 1 to 64 letters, digits, '_', '-' or '.'");
        if (username.StartsWith(NameAllocator.Group, StringComparison.OrdinalIgnoreCase))
            throw EcsException.BadRequest($"usernames starting with '{NameAllocator.Group}' are reserved for group logins");
        CheckPassword(password);
        if (email.Length > 254 || !email.Contains('@')) throw EcsException.BadRequest("email must be an address");
        if (await db.Accounts.AnyAsync(a => a.Username == username, ct))
            throw EcsException.Conflict($"account '{username}' already exists");
        var account = new Account
        {
            Username = username, Email = email, IsAdmin = isAdmin,
            PasswordHash = PasswordHash.Create(password, Iterations), CreatedAt = time.GetUtcNow(),
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>Every account, oldest first (the admin's view; the endpoint checks the caller).</summary>
    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken ct) =>
        await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);

    public async Task<Account> GetCurrentAsync(CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        return await db.Accounts.FirstAsync(a => a.Id == tenant.AccountId, ct);
    }

    public async Task ChangePasswordAsync(string password, CancellationToken ct)
    {
        CheckPassword(password);
        var account = await GetCurrentAsync(ct);
        account.PasswordHash = PasswordHash.Create(password, Iterations);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Checks a login: an account's username and password, or a group's name and password (a subview of the
    /// group's servers). Null when either is wrong; unknown names cost the same time as wrong passwords.
    /// </summary>
    public async Task<(Tenant Tenant, string Email)?> VerifyLoginAsync(string username, string password, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is not null)
            return PasswordHash.Verify(password, account.PasswordHash)
                ? (new Tenant(account.Id, account.Username, null, account.IsAdmin), account.Email)
                : null;

        var group = await db.Groups.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(g => g.Name == username && g.Enabled, ct);
        if (group?.PasswordHash is null || !PasswordHash.Verify(password, group.PasswordHash))
        {
            if (group?.PasswordHash is null) PasswordHash.VerifyNothing(password, Iterations);
            return null;
        }
        var owner = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == group.AccountId, ct);
        return (new Tenant(owner.Id, owner.Username, group.Id), owner.Email);
    }

    /// <summary>The tenant a token subject stands for, if it still exists (accounts and groups can be deleted).</summary>
    public Task<Tenant?> FindTenantAsync(long accountId, long? groupId, CancellationToken ct) =>
        cache.GetOrLoadAsync(CredentialCache.SubjectKey(accountId, groupId), () => LoadTenantAsync(accountId, groupId, ct));

    private async Task<Tenant?> LoadTenantAsync(long accountId, long? groupId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null) return null;
        if (groupId is { } gid &&
            !await db.Groups.IgnoreQueryFilters().AnyAsync(g => g.Id == gid && g.AccountId == accountId && g.Enabled, ct))
            return null;
        return new Tenant(account.Id, account.Username, groupId, account.IsAdmin && groupId is null);
    }

    private static void CheckPassword(string password)
    {
        if (password.Length is < 8 or > 256) throw EcsException.BadRequest("password must be 8 to 256 characters");
    }
}
