using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Groups;

namespace OpenEcs.Core.Accounts;

/// <summary>Who a login token stands for: an account or a group's subview, and the credential version it carries.</summary>
public sealed record TokenSubject(long? AccountId, long? GroupId, int Version);

/// <summary>A successful login: the tenant, and what its token says (a group login names the group, not its owner).</summary>
public sealed record Login(Tenant Tenant, TokenSubject Subject, string Username, string Email);

public sealed class AccountService(
    EcsDbContext db, ITenantAccessor tenants, TimeProvider time, IOptions<OpenEcsOptions> options, CredentialCache cache,
    PasswordHasher hasher)
{
    public async Task<Account> CreateAsync(string username, string password, string email, bool isAdmin, CancellationToken ct)
    {
        username = username.Trim();
        if (username.Length is < 1 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            throw EcsException.BadRequest("username must be 1 to 64 letters, digits, '_', '-' or '.'");
        if (username.StartsWith(NameAllocator.Group, StringComparison.OrdinalIgnoreCase))
            throw EcsException.BadRequest($"usernames starting with '{NameAllocator.Group}' are reserved for group logins");
        CheckPassword(password);
        if (email.Length > 254 || !email.Contains('@') || email.Any(char.IsControl)) throw EcsException.BadRequest("email must be an address");
        if (await db.Accounts.AnyAsync(a => a.Username == username, ct))
            throw EcsException.Conflict($"account '{username}' already exists");
        var account = new Account
        {
            Username = username, Email = email, IsAdmin = isAdmin,
            PasswordHash = await hasher.HashAsync(password, ct), CreatedAt = time.GetUtcNow(),
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

    /// <summary>What the account may be billed with (operator's decision: the emulator's admin calls, `accounts set`).</summary>
    public async Task<Account> SetBillingTermsAsync(string username, bool? reservedAvailable, bool? offlineAvailable, CancellationToken ct)
    {
        var account = await db.Accounts.FirstOrDefaultAsync(a => a.Username == username, ct) ?? throw EcsException.NotFound("account", username);
        if (reservedAvailable is { } r) account.ReservedAvailable = r;
        if (offlineAvailable is { } o) account.OfflineAvailable = o;
        await db.SaveChangesAsync(ct);
        return account;
    }

    /// <summary>
    /// Sets a new password and ends every login token issued before (the account's and its groups'), here at once and
    /// on other replicas within the credential cache's time. API tokens stay: listing and revoking them is the user's.
    /// A hosting deployment (emulator controls off) needs the current password; when given, it is always checked.
    /// </summary>
    public async Task ChangePasswordAsync(string password, string? currentPassword, CancellationToken ct)
    {
        CheckPassword(password);
        var account = await GetCurrentAsync(ct);
        if (currentPassword is null && !options.Value.Emulator.Enabled)
            throw EcsException.BadRequest("current_password is required to change the password");
        if (currentPassword is not null && !await hasher.VerifyAsync(currentPassword, account.PasswordHash, ct))
            throw EcsException.Forbidden("current_password is not the account's password");
        account.PasswordHash = await hasher.HashAsync(password, ct);
        account.CredentialVersion++;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        await db.Groups.Where(g => g.AccountId == account.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(g => g.CredentialVersion, g => g.CredentialVersion + 1), ct);
        await tx.CommitAsync(ct);
        cache.EvictAccount(account.Id);
    }

    /// <summary>
    /// Checks a login: an account's username and password, or a group's name and password (a subview of the
    /// group's servers). Null when either is wrong; unknown names cost the same time as wrong passwords. A known
    /// client (it logged in to this name before) has its password checked in the hasher's own lane for such clients.
    /// </summary>
    public async Task<Login?> VerifyLoginAsync(string username, string password, CancellationToken ct, bool knownClient = false)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Username == username, ct);
        if (account is not null)
            return await hasher.VerifyAsync(password, account.PasswordHash, ct, knownClient)
                ? new Login(new Tenant(account.Id, account.Username, null, account.IsAdmin),
                    new TokenSubject(account.Id, null, account.CredentialVersion), account.Username, account.Email)
                : null;

        var group = await db.Groups.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(g => g.Name == username && g.Enabled, ct);
        if (group?.PasswordHash is null)
        {
            await hasher.VerifyNothingAsync(password, ct);
            return null;
        }
        if (!await hasher.VerifyAsync(password, group.PasswordHash, ct, knownClient)) return null;
        var owner = await db.Accounts.AsNoTracking().FirstAsync(a => a.Id == group.AccountId, ct);
        // The token names the group only: its owner's e-mail and account id are not the group login's to read.
        return new Login(new Tenant(owner.Id, owner.Username, group.Id), new TokenSubject(null, group.Id, group.CredentialVersion), group.Name, "");
    }

    /// <summary>
    /// The tenant a token subject stands for, if it still exists (accounts and groups can be deleted) and its
    /// credential version is the token's (no password change since the token was issued).
    /// </summary>
    public async Task<Tenant?> FindTenantAsync(TokenSubject subject, CancellationToken ct)
    {
        var credential = subject switch
        {
            { GroupId: { } gid } => await cache.GetOrLoadAsync(CredentialCache.GroupKey(gid), () => LoadGroupAsync(gid, ct), subject.Version),
            { AccountId: { } aid } => await cache.GetOrLoadAsync(CredentialCache.AccountKey(aid), () => LoadAccountAsync(aid, ct), subject.Version),
            _ => null,
        };
        return credential is not null && credential.Version == subject.Version ? credential.Tenant : null;
    }

    private async Task<Credential?> LoadAccountAsync(long accountId, CancellationToken ct)
    {
        var account = await db.Accounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        return account is null ? null : new Credential(new Tenant(account.Id, account.Username, null, account.IsAdmin), account.CredentialVersion);
    }

    private async Task<Credential?> LoadGroupAsync(long groupId, CancellationToken ct)
    {
        var found = await db.Groups.IgnoreQueryFilters().AsNoTracking().Where(g => g.Id == groupId && g.Enabled)
            .Join(db.Accounts, g => g.AccountId, a => a.Id, (g, a) => new { a.Id, a.Username, g.CredentialVersion })
            .FirstOrDefaultAsync(ct);
        return found is null ? null : new Credential(new Tenant(found.Id, found.Username, groupId), found.CredentialVersion);
    }

    private static void CheckPassword(string password)
    {
        if (password.Length is < 8 or > 256) throw EcsException.BadRequest("password must be 8 to 256 characters");
    }
}
