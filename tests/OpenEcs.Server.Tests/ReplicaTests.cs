using System.Collections.Concurrent;
using System.Net;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>Several API replicas (separate processes) on one PostgreSQL database.</summary>
[Collection(Serial.Name)]
public sealed class ReplicaTests
{
    private static readonly string[] Fast = ["OpenEcs:Cluster:LeaseDuration=00:00:03", "OpenEcs:Simulator:TimeScale=0.1"];

    [PostgresFact]
    public async Task Creates_split_over_two_replicas_all_boot_once_even_when_one_dies()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var a = await ServerProcess.StartAsync(database, "realistic", Fast);
        using var b = await ServerProcess.StartAsync(database, "realistic", Fast);
        using var apiA = a.Client();
        using var apiB = b.Client();
        var acknowledged = new ConcurrentDictionary<string, long>();
        var aDead = 0;
        var retried = 0;

        var workers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var body = new { plan = "ECS1", location = "it-fr2", image = "debian-12", notes = $"replica-{w}-{i}" };
                var viaA = (w + i) % 2 == 0 && Volatile.Read(ref aDead) == 0;
                (HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body) answer;
                try
                {
                    answer = await (viaA ? apiA : apiB).PostJsonAsync("servers", body);
                }
                catch (Exception e) when (viaA && e is HttpRequestException or TaskCanceledException)
                {
                    // A died under this request: not acknowledged, so ask B. A may still have committed it before dying.
                    Interlocked.Increment(ref retried);
                    answer = await apiB.PostJsonAsync("servers", body);
                }
                var server = answer.AssertOk();
                acknowledged[(string)server["server"]!["name"]!] = (long)server["action_id"]!;
                if (acknowledged.Count >= 80 && Interlocked.Exchange(ref aDead, 1) == 0) a.Kill();
            }
        })).ToList();
        await Task.WhenAll(workers);
        Assert.Equal(1, aDead);
        Assert.Equal(200, acknowledged.Count);

        System.Text.Json.Nodes.JsonArray servers;
        try
        {
            servers = await Http.EventuallyAsync(async () => (await apiB.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray(),
                list => list.Count >= 200 && list.All(s => (string)s!["status"]! == "Booted"), "all servers Booted", 120_000);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message[..Math.Min(300, e.Message.Length)]}\nactions: {await ActionSummaryAsync(database)}\nB log: {b.LogTail()}");
        }
        // Every acknowledged create is there; beyond them only creates A committed but could not answer before it died.
        Assert.Subset(servers.Select(s => (string)s!["name"]!).ToHashSet(), acknowledged.Keys.ToHashSet());
        Assert.InRange(servers.Count, 200, 200 + retried);
        Assert.Equal(servers.Count, servers.Select(s => (string)s!["name"]!).Distinct().Count());
        Assert.Equal(servers.Count, servers.Select(s => (string)s!["ipv4"]!).Distinct().Count());

        var actions = (await apiB.GetJsonAsync("actions?length=500")).AssertOk()["actions"]!.AsArray();
        var creates = actions.Where(x => (string)x!["type"]! == "create_server").ToList();
        // Exactly one completed create action per server, and each acknowledged one is the action its answer named.
        Assert.All(creates, x => Assert.Equal("completed", (string)x!["status"]!));
        Assert.Equal(servers.Select(s => (string)s!["name"]!).Order(), creates.Select(x => (string)x!["resource"]!).Order());
        var actionOf = creates.ToDictionary(x => (string)x!["resource"]!, x => (long)x!["id"]!);
        Assert.All(acknowledged, pair => Assert.Equal(pair.Value, actionOf[pair.Key]));
        // A held claims when it died; B took them over once their leases ran out.
        Assert.True(Convert.ToInt64(await database.ScalarAsync("SELECT COUNT(*) FROM \"Actions\" WHERE \"Attempts\" > 1")) > 0,
            "some actions of the dead replica should have been resumed by the other");
    }

    private static async Task<string> ActionSummaryAsync(TestDatabase database)
    {
        await using var connection = database.Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Status\", COALESCE(\"LeaseOwner\", '-'), \"Attempts\", \"Progress\", COUNT(*) FROM \"Actions\" GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetValue(0)}/{reader.GetValue(1)}/attempts {reader.GetValue(2)}/progress {reader.GetValue(3)}: {reader.GetValue(4)}");
        return string.Join("; ", rows);
    }

    [PostgresFact]
    public async Task Concurrent_updates_of_one_server_lose_nothing_silently()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var a = await ServerProcess.StartAsync(database, "instant", Fast);
        using var b = await ServerProcess.StartAsync(database, "instant", Fast);
        using var apiA = a.Client();
        using var apiB = b.Client();
        var name = await apiA.CreateBootedServerAsync("before");

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            (i % 2 == 0 ? apiA : apiB).PutJsonAsync($"servers/{name}", new { notes = $"notes-{i}" })));
        foreach (var r in results)
        {
            if (r.Status != HttpStatusCode.OK) r.AssertError(HttpStatusCode.Conflict);
        }
        Assert.Contains(results, r => r.Status == HttpStatusCode.OK);
        var final = (string)(await apiB.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["notes"]!;
        var accepted = Enumerable.Range(0, 50).Where(i => results[i].Status == HttpStatusCode.OK).Select(i => $"notes-{i}").ToList();
        Assert.Contains(final, accepted);
    }
}
