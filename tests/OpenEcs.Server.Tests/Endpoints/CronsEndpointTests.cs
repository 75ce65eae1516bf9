using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/servers/{name}/crons: the weekly snapshot schedule (its runs are PeriodicSnapshotTests', on the manual clock).</summary>
public sealed class CronsEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    internal static readonly string[] Shape =
        ["name:string", "schedule:string", "enabled:bool", "last_run_at:time?", "infos:object", "last_run_status:string?"];

    internal static object Weekly(int maxRetention = 2, int dayOfWeek = 0, int? hour = null) => new
    {
        type = "snapshot_schedule",
        config = new { typology = "weekly", max_retention = maxRetention, day_of_week = dayOfWeek, hour },
    };

    [Fact]
    public async Task Create_get_patch_and_delete_a_schedule()
    {
        using var me = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("cron");
        var cron = Wire.Shape((await me.Api.PostJsonAsync($"servers/{server}/crons", Weekly())).AssertEnvelope("cron:object")["cron"], Shape);
        Assert.Equal($"snapshot_schedule_{server}", (string)cron["name"]!);
        Assert.Equal("0 0 * * 0 (m/h/dM/MY/d) UTC", (string)cron["schedule"]!);
        Assert.True((bool)cron["enabled"]!);
        Assert.Null(cron["last_run_at"]);
        Assert.Null(cron["last_run_status"]);
        Assert.Equal((2, 0), ((int)cron["infos"]!["max_retention"]!, (int)cron["infos"]!["day_of_week"]!));
        var next = DateTimeOffset.Parse((string)cron["next_run_at"]!);
        Assert.Equal((DayOfWeek.Sunday, 0, 0), (next.DayOfWeek, next.Hour, next.Minute));
        Assert.InRange(next, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(7));

        var path = $"servers/{server}/crons/snapshot_schedule_{server}";
        Assert.Equal(cron.ToJsonString(), (await me.Api.GetJsonAsync(path)).AssertEnvelope("cron:object")["cron"]!.ToJsonString());
        // The docs' PATCH: the fields at the top level.
        var patched = (await me.Api.SendAsync(HttpMethod.Patch, path, new { enabled = true, max_retention = 3, day_of_week = 6, hour = 5, minute = 30 }))
            .AssertOk()["cron"]!;
        Assert.Equal("30 5 * * 6 (m/h/dM/MY/d) UTC", (string)patched["schedule"]!);
        Assert.Equal((3, 6), ((int)patched["infos"]!["max_retention"]!, (int)patched["infos"]!["day_of_week"]!));
        var off = (await me.Api.SendAsync(HttpMethod.Patch, path, new { enabled = false })).AssertOk()["cron"]!;
        Assert.False((bool)off["enabled"]!);
        var bySchedule = (await me.Api.SendAsync(HttpMethod.Patch, path, new { schedule = "15 2 * * 3" })).AssertOk()["cron"]!;
        Assert.Equal("15 2 * * 3 (m/h/dM/MY/d) UTC", (string)bySchedule["schedule"]!);

        var deleted = (await me.Api.DeleteJsonAsync(path)).AssertEnvelope("cron:object")["cron"]!;
        Assert.Equal($"snapshot_schedule_{server}", (string)deleted["name"]!);
        (await me.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        // Once gone, the server may have a new one.
        (await me.Api.PostJsonAsync($"servers/{server}/crons", Weekly(1, 2, hour: 3))).AssertOk();
    }

    [Fact]
    public async Task Create_rejects_bad_schedules()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("bad cron");
        var path = $"servers/{server}/crons";
        (await me.Api.PostJsonAsync(path, new { type = "backup", config = new { max_retention = 2, day_of_week = 0 } })).AssertError(HttpStatusCode.BadRequest, "snapshot_schedule");
        (await me.Api.PostJsonAsync(path, new { type = "snapshot_schedule" })).AssertError(HttpStatusCode.BadRequest, "config");
        (await me.Api.PostJsonAsync(path, new { type = "snapshot_schedule", config = new { typology = "daily", max_retention = 2, day_of_week = 0 } }))
            .AssertError(HttpStatusCode.BadRequest, "weekly");
        (await me.Api.PostJsonAsync(path, new { type = "snapshot_schedule", config = new { day_of_week = 0 } })).AssertError(HttpStatusCode.BadRequest, "max_retention");
        (await me.Api.PostJsonAsync(path, Weekly(maxRetention: 0))).AssertError(HttpStatusCode.BadRequest, "max_retention");
        (await me.Api.PostJsonAsync(path, Weekly(maxRetention: 11))).AssertError(HttpStatusCode.BadRequest, "max_retention");
        (await me.Api.PostJsonAsync(path, Weekly(dayOfWeek: 7))).AssertError(HttpStatusCode.BadRequest, "day_of_week");
        (await me.Api.PostJsonAsync(path, Weekly(hour: 6))).AssertError(HttpStatusCode.BadRequest, "06:00");
        (await me.Api.PostJsonAsync(path, new { type = "snapshot_schedule", config = new { max_retention = 2, schedule = "0 0 1 * *" } }))
            .AssertError(HttpStatusCode.BadRequest, "weekly");
        (await me.Api.PostJsonAsync(path, new { type = "snapshot_schedule", config = new { max_retention = "two", day_of_week = 0 } }))
            .AssertError(HttpStatusCode.BadRequest, "max_retention");
        (await other.Api.PostJsonAsync(path, Weekly())).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync("servers/ec299999/crons", Weekly())).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().PostJsonAsync(path, Weekly())).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.GetJsonAsync($"{path}/snapshot_schedule_{server}")).AssertError(HttpStatusCode.NotFound);

        (await me.Api.PostJsonAsync(path, Weekly())).AssertOk();
        (await me.Api.PostJsonAsync(path, Weekly())).AssertError(HttpStatusCode.Conflict, "PATCH");
    }

    [Fact]
    public async Task Get_patch_and_delete_reject_bad_requests()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("cron errors");
        var another = await me.Api.CreateBootedServerAsync("other");
        (await me.Api.PostJsonAsync($"servers/{server}/crons", Weekly())).AssertOk();
        var path = $"servers/{server}/crons/snapshot_schedule_{server}";
        (await other.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        (await other.Api.DeleteJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync($"servers/{another}/crons/snapshot_schedule_{server}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync($"servers/{server}/crons/backup_{server}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { })).AssertError(HttpStatusCode.BadRequest, "nothing to update");
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { day_of_week = -1 })).AssertError(HttpStatusCode.BadRequest, "day_of_week");
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { minute = 60 })).AssertError(HttpStatusCode.BadRequest, "minute");
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { enabled = "no" })).AssertError(HttpStatusCode.BadRequest, "enabled");
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { schedule = "30 2 * * 1", day_of_week = 4 })).AssertError(HttpStatusCode.BadRequest, "disagree");
        (await other.Api.SendAsync(HttpMethod.Patch, path, new { enabled = false })).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().SendAsync(HttpMethod.Patch, path, new { enabled = false })).AssertError(HttpStatusCode.Unauthorized);
        Assert.True((bool)(await me.Api.GetJsonAsync(path)).AssertOk()["cron"]!["enabled"]!);

        // Deleting the server deletes its schedule.
        var delete = (await me.Api.DeleteJsonAsync($"servers/{server}")).AssertOk();
        await me.Api.WaitForActionAsync((long)delete["action"]!["id"]!);
        (await me.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
    }
}
