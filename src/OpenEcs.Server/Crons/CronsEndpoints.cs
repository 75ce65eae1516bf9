using OpenEcs.Core;
using OpenEcs.Core.Crons;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Crons;

public static class CronsEndpoints
{
    public static IEndpointRouteBuilder MapCronsEndpoints(this IEndpointRouteBuilder api)
    {
        var crons = api.MapGroup("/servers/{name}/crons").WithTags("Periodic snapshots");
        crons.MapPost("", CreateAsync)
            .WithSummary("{type: snapshot_schedule, config: {typology: weekly, max_retention, day_of_week, hour?, minute?}}");
        crons.MapGet("/{cron}", GetAsync).WithSummary("The schedule: snapshot_schedule_{server}");
        crons.MapMethods("/{cron}", ["PATCH", "PUT"], UpdateAsync).WithSummary("enabled, max_retention, day_of_week, hour, minute");
        crons.MapDelete("/{cron}", DeleteAsync).WithSummary("Stops periodic snapshots; the snapshots taken stay");
        return api;
    }

    private static async Task<WireResult<CronResponse>> CreateAsync(string name, CreateCronRequest body, CronService service, CancellationToken ct)
    {
        var config = body.Config ?? throw EcsException.BadRequest("config is required: {typology, max_retention, day_of_week}");
        return Answer(await service.CreateAsync(name, Fields.Required(body.Type, "type", 64), config.Typology,
            new ScheduleChange(null, config.MaxRetention, config.DayOfWeek, config.Hour, config.Minute, Fields.Limited(config.Schedule, "schedule", 64)), ct));
    }

    private static async Task<WireResult<CronResponse>> GetAsync(string name, string cron, CronService service, CancellationToken ct) =>
        Answer(await service.GetAsync(name, cron, ct));

    private static async Task<WireResult<CronResponse>> UpdateAsync(string name, string cron, UpdateCronRequest body, CronService service, CancellationToken ct)
    {
        var c = body.Config;
        if (c?.Typology is not (null or "weekly")) throw EcsException.BadRequest("typology must be weekly: only weekly schedules are offered");
        var change = new ScheduleChange(body.Enabled, body.MaxRetention ?? c?.MaxRetention, body.DayOfWeek ?? c?.DayOfWeek,
            body.Hour ?? c?.Hour, body.Minute ?? c?.Minute, Fields.Limited(body.Schedule ?? c?.Schedule, "schedule", 64));
        return Answer(await service.UpdateAsync(name, cron, change, ct));
    }

    private static async Task<WireResult<CronResponse>> DeleteAsync(string name, string cron, CronService service, CancellationToken ct) =>
        Answer(await service.DeleteAsync(name, cron, ct));

    private static WireResult<CronResponse> Answer(SnapshotSchedule schedule) =>
        Wire.Ok(new CronResponse(schedule.ToDto()), CronsJson.Wire.CronResponse);
}
