using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.SshKeys;

public sealed partial class SshKeyService(EcsDbContext db, ITenantAccessor tenants, TimeProvider time)
{
    public const int MaxLabelLength = 64;
    public const int MaxKeyLength = 16 * 1024;

    public Task<List<SshKey>> ListAsync(CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return db.SshKeys.AsNoTracking().OrderBy(k => k.Id).ToListAsync(ct);
    }

    public async Task<SshKey> GetAsync(long id, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return await db.SshKeys.FirstOrDefaultAsync(k => k.Id == id, ct) ?? throw EcsException.NotFound("ssh key", id.ToString());
    }

    public async Task<SshKey> CreateAsync(string key, string label, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        key = key.Trim();
        CheckLabel(label);
        if (key.Length > MaxKeyLength || !PublicKey().IsMatch(key))
            throw EcsException.BadRequest("key must be an OpenSSH public key, e.g. 'ssh-ed25519 AAAA... comment'");
        await EnsureLabelFreeAsync(label, ct);
        var entity = new SshKey { AccountId = tenant.AccountId, Label = label, Key = key, CreatedAt = time.GetUtcNow() };
        db.SshKeys.Add(entity);
        await db.SaveChangesAsync(ct);
        return entity;
    }

    public async Task RelabelAsync(long id, string label, CancellationToken ct)
    {
        var key = await GetAsync(id, ct);
        CheckLabel(label);
        if (key.Label == label) return;
        await EnsureLabelFreeAsync(label, ct);
        key.Label = label;
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteAsync(long id, CancellationToken ct)
    {
        db.SshKeys.Remove(await GetAsync(id, ct));
        await db.SaveChangesAsync(ct);
    }

    private static void CheckLabel(string label)
    {
        if (string.IsNullOrWhiteSpace(label) || label.Length > MaxLabelLength || label.Any(char.IsControl))
            throw EcsException.BadRequest($"label must be 1 to {MaxLabelLength} printable characters");
    }

    private async Task EnsureLabelFreeAsync(string label, CancellationToken ct)
    {
        if (await db.SshKeys.AnyAsync(k => k.Label == label, ct))
            throw EcsException.Conflict($"an ssh key labelled '{label}' already exists");
    }

    [GeneratedRegex(@"^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$")]
    private static partial Regex PublicKey();
}
