using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>kill -9 in the middle of creates, then a restart on the same SQLite file.</summary>
public sealed class CrashTests
{
    [Fact]
    public async Task Killed_mid_creates_then_restarted_loses_nothing_acknowledged_and_ends_every_action()
    {
        await using var database = await TestDatabase.CreateAsync();
        var acknowledged = new ConcurrentDictionary<string, long>();
        using (var first = await ServerProcess.StartAsync(database, "realistic", "OpenEcs:Cluster:LeaseDuration=00:00:03"))
        {
            using var api = first.Client();
            var killed = new TaskCompletionSource();
            var creators = Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
            {
                for (var i = 0; !killed.Task.IsCompleted && i < 100; i++)
                {
                    try
                    {
                        var (status, body) = await api.PostJsonAsync("servers",
                            new { plan = "ECS1", location = "it-fr2", image = "debian-12", notes = $"crash-{worker}-{i}" });
                        if (status == HttpStatusCode.OK)
                            acknowledged[(string)body!["server"]!["name"]!] = (long)body["action_id"]!;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                        return; // the server died under this request: it was never acknowledged
                    }
                }
            })).ToList();
            await Http.EventuallyAsync(() => Task.FromResult(acknowledged.Count), n => n >= 30, "30 acknowledged creates", 60_000);
            first.Kill();
            killed.SetResult();
            await Task.WhenAll(creators);
        }

        // Still in progress at the kill: the store holds actions that no one finished.
        if (!TestDatabase.IsPostgres) Assert.Equal("ok", (string)(await database.ScalarAsync("PRAGMA integrity_check"))!);
        Assert.True(Convert.ToInt64(await database.ScalarAsync("SELECT COUNT(*) FROM \"Actions\" WHERE \"Status\" = 'in-progress'")) > 0,
            "the kill should have interrupted some actions");

        using var second = await ServerProcess.StartAsync(database, "instant", "OpenEcs:Cluster:LeaseDuration=00:00:03");
        using var api2 = second.Client();
        var actions = await Http.EventuallyAsync(async () => (await api2.GetJsonAsync("actions?length=500")).AssertOk(),
            a => a["actions"]!.AsArray().All(x => (string)x!["status"]! != "in-progress"), "every action to end", 60_000);
        foreach (var action in actions["actions"]!.AsArray())
        {
            var status = (string)action!["status"]!;
            Assert.True(status is "completed" or "failed", $"action {action["id"]} ended {status}");
            if (status == "failed") Assert.False(string.IsNullOrWhiteSpace((string?)action["message"]), "a failed action says why");
        }

        var servers = (await api2.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray()
            .ToDictionary(s => (string)s!["name"]!, s => s!);
        foreach (var (name, actionId) in acknowledged)
        {
            Assert.True(servers.ContainsKey(name), $"acknowledged server {name} is lost");
            Assert.Equal("Booted", (string)servers[name]["status"]!);
            var create = (await api2.GetJsonAsync($"actions/{actionId}")).AssertOk()["action"]!;
            Assert.Equal("create_server", (string)create["type"]!);
            Assert.Equal(name, (string)create["resource"]!);
            Assert.Equal("completed", (string)create["status"]!);
        }
        // No server lacks its create action, and no action points at a server that does not exist.
        var creates = actions["actions"]!.AsArray().Where(a => (string)a!["type"]! == "create_server")
            .Select(a => (string)a!["resource"]!).ToHashSet();
        Assert.Subset(creates, servers.Keys.ToHashSet());
        Assert.Subset(servers.Keys.ToHashSet(), creates);
        Assert.Equal(servers.Count, servers.Values.Select(s => (string)s["ipv4"]!).Distinct().Count());
    }

    [Fact]
    public async Task Actions_queued_behind_one_another_survive_a_kill_and_run_in_order_after_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        string name;
        var queued = new List<long>();
        // Slow power actions (1 to 3 s each at this scale), so that most of the queue is still waiting at the kill.
        using (var first = await ServerProcess.StartAsync(database, "realistic", "OpenEcs:Simulator:TimeScale=1", "OpenEcs:Cluster:LeaseDuration=00:00:03"))
        {
            using var api = first.Client();
            var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "debian-12", notes = "queue" })).AssertOk();
            name = (string)created["server"]!["name"]!;
            foreach (var type in new[] { "power_off", "power_on", "power_off", "power_on", "power_off" })
                queued.Add((long)(await api.PostJsonAsync($"servers/{name}/actions", new { type })).AssertOk()["id"]!);
            queued.Insert(0, (long)created["action_id"]!);
            first.Kill();
        }
        Assert.True(Convert.ToInt64(await database.ScalarAsync("SELECT COUNT(*) FROM \"Actions\" WHERE \"Status\" = 'in-progress'")) >= 5,
            "the kill should leave the queue waiting");

        using var second = await ServerProcess.StartAsync(database, "instant", "OpenEcs:Cluster:LeaseDuration=00:00:03");
        using var api2 = second.Client();
        var ended = new List<JsonNode>();
        foreach (var id in queued) ended.Add(await api2.WaitForActionAsync(id));
        // Each ran after the one queued before it had ended.
        var completedAt = ended.Select(a => DateTimeOffset.Parse((string)a["completed_at"]!)).ToList();
        Assert.Equal(completedAt.Order(), completedAt);
        var status = (await api2.GetJsonAsync($"servers/{name}/status")).AssertOk();
        Assert.Equal("SHUTOFF", (string)status["current_status"]!);
    }
}
