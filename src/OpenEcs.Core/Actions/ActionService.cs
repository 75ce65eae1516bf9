using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Actions;

public sealed class ActionService(EcsDbContext db)
{
    public const int MaxPageLength = 500;

    /// <summary>Newest first; the resource filter applies before paging, and the total counts the filtered set.</summary>
    public async Task<(List<EcsAction> Page, int Total)> ListAsync(int start, int length, string? resource, CancellationToken ct)
    {
        if (start < 0) throw EcsException.BadRequest("start must be 0 or more");
        if (length is < 1 or > MaxPageLength) throw EcsException.BadRequest($"length must be between 1 and {MaxPageLength}");
        var query = db.Actions.AsNoTracking();
        if (!string.IsNullOrEmpty(resource)) query = query.Where(a => a.Resource == resource);
        var total = await query.CountAsync(ct);
        var page = await query.OrderByDescending(a => a.Id).Skip(start).Take(length).ToListAsync(ct);
        return (page, total);
    }

    public async Task<EcsAction> GetAsync(long id, CancellationToken ct) =>
        await db.Actions.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct)
        ?? throw EcsException.NotFound("action", id.ToString());
}
