using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Endpoints;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>
/// The weekly snapshot schedule on the manual clock, across restarts of the control plane on one store: each occurrence
/// is taken once (never skipped, never twice), and maximum retention keeps the newest unprotected snapshots and every
/// protected one.
/// </summary>
public sealed class PeriodicSnapshotTests
{
    private sealed class Replica(EcsServer server) : IAsyncDisposable
    {
        public EcsServer Server => server;
        public HttpClient Api { get; } = server.Client();
        public ManualClock Clock { get; } = new(server);

        public async Task<JsonArray> SnapshotsAsync(string name) =>
            (await Api.GetJsonAsync($"servers/{name}/snapshots")).AssertOk()["snapshots"]!.AsArray();

        public async Task<JsonNode> CronAsync(string name) =>
            (await Api.GetJsonAsync($"servers/{name}/crons/snapshot_schedule_{name}")).AssertOk()["cron"]!;

        /// <summary>Drives every action of the account still in progress (the scheduler's create and retention's deletes).</summary>
        public async Task SettleAsync()
        {
            var running = (await Api.GetJsonAsync("actions?length=500")).AssertOk()["actions"]!.AsArray()
                .Where(a => (string)a!["status"]! == "in-progress").Select(a => (long)a!["id"]!).ToList();
            foreach (var id in running)
            {
                await Clock.DriveAsync(id, 120);
                Assert.Equal("completed", (string)(await Clock.ActionAsync(id))["status"]!);
            }
        }

        public async ValueTask DisposeAsync()
        {
            Api.Dispose();
            Clock.Dispose();
            await server.DisposeAsync();
        }
    }

    /// <summary>Metrics sampled daily: the clock moves by weeks here, and a sampler on the domain clock samples every step of them.</summary>
    private static async Task<Replica> StartAsync(TestDatabase store) =>
        new(await EcsServer.StartOnAsync(store, "manual", ["OpenEcs:Metrics:Step=1.00:00:00"]));

    /// <summary>Sets the clock just past the occurrence and waits for the scheduler to have taken it (a snapshot created for it).</summary>
    private static async Task<JsonNode> TickAsync(Replica replica, string name, DateTimeOffset occurrence, TimeSpan after, int expectedTotal)
    {
        await replica.Clock.SetAsync(occurrence + after);
        var snapshots = await Http.EventuallyAsync(() => replica.SnapshotsAsync(name), s => s.Any(p => IsFor(p!, occurrence)),
            $"the periodic snapshot of {occurrence:u}", 30_000);
        await replica.SettleAsync();
        var cron = await replica.CronAsync(name);
        Assert.Equal(occurrence, DateTimeOffset.Parse((string)cron["last_run_at"]!));
        Assert.Equal("ok", (string)cron["last_run_status"]!);
        Assert.Equal(expectedTotal, (await replica.SnapshotsAsync(name)).Count);
        return snapshots.Single(p => IsFor(p!, occurrence))!;
    }

    private static bool IsFor(JsonNode snapshot, DateTimeOffset occurrence) =>
        (string)snapshot["description"]! == $"periodic snapshot - {occurrence:yyyy-MM-dd'T'HH:mm:ss}+00:00";

    [Fact]
    public async Task Three_weekly_ticks_with_retention_two_across_restarts_neither_skip_nor_double()
    {
        await using var store = await TestDatabase.CreateAsync();
        string name;
        long kept;
        DateTimeOffset first;
        long secondId, thirdId;
        await using (var a = await StartAsync(store))
        {
            var created = (await a.Api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2204", notes = "weekly" })).AssertOk();
            name = (string)created["server"]!["name"]!;
            await a.Clock.DriveAsync((long)created["action_id"]!, 40);
            // A protected snapshot taken by hand: retention never touches it.
            var manual = (await a.Api.PostJsonAsync($"servers/{name}/snapshots", new { description = "by hand" })).AssertOk();
            kept = (long)manual["snapshot"]!["id"]!;
            await a.Clock.DriveAsync((long)manual["action"]!["id"]!, 60);
            var cron = Wire.Shape((await a.Api.PostJsonAsync($"servers/{name}/crons", CronsEndpointTests.Weekly(maxRetention: 2, dayOfWeek: 3, hour: 1)))
                .AssertOk()["cron"], CronsEndpointTests.Shape);
            first = DateTimeOffset.Parse((string)cron["next_run_at"]!);
            Assert.Equal((DayOfWeek.Wednesday, 1, 0), (first.DayOfWeek, first.Hour, first.Minute));

            // Nothing before its time.
            if (first - TimeSpan.FromMinutes(5) is var before && before > await a.Clock.NowAsync())
            {
                await a.Clock.SetAsync(before);
                await Task.Delay(1500);
                Assert.Single(await a.SnapshotsAsync(name));
            }

            var one = await TickAsync(a, name, first, TimeSpan.FromSeconds(30), expectedTotal: 2);
            Assert.False((bool)one["protected"]!);
            secondId = (long)(await TickAsync(a, name, first.AddDays(7), TimeSpan.FromSeconds(30), expectedTotal: 3))["id"]!;
        }

        // A restart after the second tick: the same week again takes nothing more.
        await using (var b = await StartAsync(store))
        {
            await b.Clock.SetAsync(first.AddDays(7) + TimeSpan.FromMinutes(10));
            await Task.Delay(2500);
            Assert.Equal(3, (await b.SnapshotsAsync(name)).Count);
            Assert.Equal(first.AddDays(7), DateTimeOffset.Parse((string)(await b.CronAsync(name))["last_run_at"]!));

            // The third tick: retention 2 lets the oldest periodic snapshot go.
            thirdId = (long)(await TickAsync(b, name, first.AddDays(14), TimeSpan.FromSeconds(30), expectedTotal: 3))["id"]!;
            var left = (await b.SnapshotsAsync(name)).Select(s => (long)s!["id"]!).ToList();
            Assert.Equal([kept, secondId, thirdId], left);
        }

        // Down over the fourth occurrence: the restart takes it once, hours late.
        await using (var c = await StartAsync(store))
        {
            var fourth = first.AddDays(21);
            var late = await TickAsync(c, name, fourth, TimeSpan.FromHours(3), expectedTotal: 3);
            var left = (await c.SnapshotsAsync(name)).ToList();
            Assert.Equal([kept, thirdId, (long)late["id"]!], left.Select(s => (long)s!["id"]!));
            Assert.True((bool)left[0]!["protected"]!);
            Assert.All(left.Skip(1), s => Assert.False((bool)s!["protected"]!));
            Assert.Equal(fourth.AddDays(7), DateTimeOffset.Parse((string)(await c.CronAsync(name))["next_run_at"]!));
        }
    }
}
