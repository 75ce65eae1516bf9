using OpenEcs.Core.AuditLogs;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.AuditLogs;

public static class AuditLogsEndpoints
{
    public static IEndpointRouteBuilder MapAuditLogsEndpoints(this IEndpointRouteBuilder api)
    {
        var logs = api.MapGroup("/logs").WithTags("Logs");
        logs.MapGet("", ListAsync).WithSummary("The account's audit trail, newest first; ?start, ?length (default 50), ?resource (a target)");
        logs.MapGet("/{id}", GetAsync);
        return api;
    }

    private static async Task<WireResult<LogListResponse>> ListAsync(
        string? start, string? length, string? resource, AuditLogService logs, CancellationToken ct)
    {
        var (page, total) = await logs.ListAsync(Fields.Int(start, "start", 0), Fields.Int(length, "length", 50), resource, ct);
        return Wire.Ok(new LogListResponse(total, page.Select(l => l.ToDto()).ToList()), AuditLogsJson.Wire.LogListResponse);
    }

    /// <summary>The bare log, as the docs show it (its own <c>status</c> is the call's outcome).</summary>
    private static async Task<WireResult<LogDto>> GetAsync(string id, AuditLogService logs, CancellationToken ct) =>
        Wire.Ok((await logs.GetAsync(Fields.Id(id, "log"), ct)).ToDto(), AuditLogsJson.Wire.LogDto);
}
