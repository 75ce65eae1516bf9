using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.AuditLogs;

public sealed class AuditLogService(EcsDbContext db, ITenantAccessor tenants)
{
    public const int MaxPage = 500;

    /// <summary>Newest first; <paramref name="resource"/> keeps the rows about one target (a server's name, a token's id).</summary>
    public async Task<(List<AuditLog> Logs, int Total)> ListAsync(int start, int length, string? resource, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        if (start < 0) throw EcsException.BadRequest("start must be 0 or more");
        if (length is < 1 or > MaxPage) throw EcsException.BadRequest($"length must be between 1 and {MaxPage}");
        var rows = db.AuditLogs.AsNoTracking();
        if (!string.IsNullOrEmpty(resource)) rows = rows.Where(l => l.Target == resource);
        var total = await rows.CountAsync(ct);
        var page = await rows.OrderByDescending(l => l.Id).Skip(start).Take(length).ToListAsync(ct);
        return (page, total);
    }

    public async Task<AuditLog> GetAsync(long id, CancellationToken ct)
    {
        tenants.RequireFullAccount();
        return await db.AuditLogs.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct) ?? throw EcsException.NotFound("log", id.ToString());
    }
}
