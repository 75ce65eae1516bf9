using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>Five rounds of kill -9 at a random moment during 100 concurrent creates and deletes, each followed by a restart.</summary>
public sealed class CrashRoundsTests
{
    private static readonly string[] Timing = ["OpenEcs:Simulator:TimeScale=0.05", "OpenEcs:Cluster:LeaseDuration=00:00:02"];

    [Fact]
    public async Task Every_round_ends_every_action_and_loses_no_acknowledged_write()
    {
        await using var database = await TestDatabase.CreateAsync();
        var random = new Random(20261127);
        var created = new ConcurrentDictionary<string, long>();  // acknowledged creates: server -> create action
        var deleted = new ConcurrentDictionary<string, long>();  // acknowledged deletes: server -> delete action
        var actionsChecked = 0;

        for (var round = 1; round <= 5; round++)
        {
            List<string> booted;
            using (var busy = await ServerProcess.StartAsync(database, "realistic", Timing))
            {
                using var api = busy.Client();
                booted = (await api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray()
                    .Where(s => (string)s!["status"]! == "Booted").Select(s => (string)s!["name"]!).ToList();
                var operations = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
                {
                    try
                    {
                        if (i % 2 == 1 && i / 2 < booted.Count)
                        {
                            var name = booted[i / 2];
                            var (status, body) = await api.DeleteJsonAsync($"servers/{name}");
                            if (status == HttpStatusCode.OK) deleted[name] = (long)body!["action"]!["id"]!;
                        }
                        else
                        {
                            var (status, body) = await api.PostJsonAsync("servers",
                                new { plan = "ECS1", location = "it-mi2", image = "ubuntu-2404", notes = $"round {round} op {i}" });
                            if (status == HttpStatusCode.OK) created[(string)body!["server"]!["name"]!] = (long)body["action_id"]!;
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
                    {
                        // Killed under this request: never acknowledged.
                    }
                })).ToList();
                // The kill lands at a random moment of real work, not of the process's warm-up (slow on a loaded machine).
                var acknowledged = created.Count + deleted.Count;
                await Http.EventuallyAsync(() => Task.FromResult(created.Count + deleted.Count), n => n >= acknowledged + 5 || operations.All(o => o.IsCompleted),
                    $"round {round}: work under way", 60_000);
                await Task.Delay(random.Next(0, 1000));
                busy.Kill();
                await Task.WhenAll(operations);
            }

            if (!TestDatabase.IsPostgres) Assert.Equal("ok", (string)(await database.ScalarAsync("PRAGMA integrity_check"))!);

            using var calm = await ServerProcess.StartAsync(database, "instant", Timing);
            using var check = calm.Client();
            var actions = await Http.EventuallyAsync(async () => (await check.GetJsonAsync("actions?length=500")).AssertOk(),
                a => a["actions"]!.AsArray().All(x => (string)x!["status"]! != "in-progress"), $"round {round}: every action to end", 60_000);
            var all = actions["actions"]!.AsArray().Select(x => x!).ToList();
            Assert.Equal((int)actions["total_actions"]!, all.Count);
            foreach (var action in all)
            {
                var status = (string)action["status"]!;
                Assert.True(status is "completed" or "failed", $"round {round}: action {action["id"]} is {status}");
                if (status == "failed") Assert.False(string.IsNullOrWhiteSpace((string?)action["message"]), $"action {action["id"]} failed without a reason");
            }
            actionsChecked += all.Count;

            var servers = (await check.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray()
                .ToDictionary(s => (string)s!["name"]!, s => (string)s!["status"]!);
            var byId = all.ToDictionary(a => (long)a["id"]!);
            foreach (var (name, actionId) in created)
            {
                Assert.True(byId.ContainsKey(actionId), $"round {round}: the create action of {name} is lost");
                Assert.Equal(name, (string)byId[actionId]["resource"]!);
                if (servers.ContainsKey(name)) continue;
                // Gone only through a completed delete (whose answer the kill may have swallowed).
                Assert.True(all.Any(a => (string)a["type"]! == "delete_server" && (string)a["resource"]! == name && (string)a["status"]! == "completed"),
                    $"round {round}: acknowledged server {name} is lost");
            }
            foreach (var (name, actionId) in deleted)
            {
                Assert.True(byId.ContainsKey(actionId), $"round {round}: the delete action of {name} is lost");
                if ((string)byId[actionId]["status"]! == "completed") Assert.False(servers.ContainsKey(name), $"{name} was deleted but is listed");
            }
            // Every listed server has its create action.
            var createdNames = all.Where(a => (string)a["type"]! == "create_server").Select(a => (string)a["resource"]!).ToHashSet();
            Assert.All(servers.Keys, name => Assert.Contains(name, createdNames));
        }
        Assert.True(actionsChecked > 100, $"only {actionsChecked} actions were checked over five rounds");
    }
}
