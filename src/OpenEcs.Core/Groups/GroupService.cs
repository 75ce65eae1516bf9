using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Security;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Servers;

namespace OpenEcs.Core.Groups;

public sealed class GroupService(
    EcsDbContext db, ITenantAccessor tenants, TimeProvider time, IOptions<OpenEcsOptions> options, CredentialCache cache)
{
    public Task<List<ServerGroup>> ListAsync(CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return db.Groups.AsNoTracking().OrderBy(g => g.Id).ToListAsync(ct);
    }

    /// <summary>By numeric id (as the docs use) or by name (as servers refer to groups).</summary>
    public async Task<ServerGroup> GetAsync(string idOrName, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        var group = long.TryParse(idOrName, out var id)
            ? await db.Groups.FirstOrDefaultAsync(g => g.Id == id, ct)
            : await db.Groups.FirstOrDefaultAsync(g => g.Name == idOrName, ct);
        return group ?? throw EcsException.NotFound("group", idOrName);
    }

    public async Task<ServerGroup> CreateAsync(string notes, string? password, CancellationToken ct)
    {
        var tenant = tenants.RequireFullAccount();
        if (password is { Length: > 0 and < 6 })
            throw EcsException.BadRequest("password must be at least 6 characters, or empty for a group without a login");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var group = new ServerGroup
        {
            Name = await NameAllocator.NextAsync(db, NameAllocator.Group, ct),
            AccountId = tenant.AccountId,
            Notes = notes,
            PasswordHash = string.IsNullOrEmpty(password)
                ? null
                : PasswordHash.Create(password, options.Value.Auth.PasswordIterations),
            Enabled = true,
            CreatedAt = time.GetUtcNow(),
        };
        db.Groups.Add(group);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return group;
    }

    public async Task DeleteAsync(string idOrName, CancellationToken ct)
    {
        var group = await GetAsync(idOrName, ct);
        var holding = await db.Servers.CountAsync(s => s.GroupId == group.Id && s.Status != ServerStatus.Deleted, ct);
        if (holding > 0)
            throw EcsException.Conflict($"group '{group.Name}' still holds {holding} server(s); move them out (group \"nogroup\") first");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Deleted servers keep no group, so that the row can go.
        await db.Servers.Where(s => s.GroupId == group.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.GroupId, (long?)null), ct);
        db.Groups.Remove(group);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        cache.EvictGroup(group.AccountId, group.Id);
    }
}
