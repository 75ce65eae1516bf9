using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>
/// Concurrent creates at the edge of a quota: the check and the insert are one atomic step on both stores, so exactly
/// the quota is held and every other create is a 403, never a 5xx.
/// </summary>
public sealed class QuotaRaceTests(ITestOutputHelper output)
{
    private const int Quota = 10;
    private const int Racers = 50;

    [Fact]
    public async Task Fifty_concurrent_creates_at_quota_minus_one_leave_exactly_the_quota()
    {
        await using var server = await EcsServer.StartAsync(settings: [$"OpenEcs:Limits:MaxServersPerAccount={Quota}", "OpenEcs:Limits:RequestsPerMinute=0"]);
        using var api = await server.NewAccountAsync("racer");
        for (var i = 0; i < Quota - 1; i++) await api.CreateServerAsync($"before-{i}");
        var answers = await RaceAsync(Racers, i => api.PostJsonAsync("servers",
            new { plan = "ECS1", location = "it-fr2", image = "debian-12", notes = $"race-{i}" }));
        var held = (int)(await api.GetJsonAsync("servers")).AssertOk()["count"]!;
        output.WriteLine($"servers held after the race: {held} (quota {Quota}); answers: {Summary(answers)}");
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Forbidden, $"{(int)a.Status}: {a.Body?.ToJsonString()}"));
        foreach (var refused in answers.Where(a => a.Status != HttpStatusCode.OK)) refused.AssertError(HttpStatusCode.Forbidden, "quota");
        Assert.Equal(Quota, held);
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("groups", "{\"notes\":\"g\"}", "group")]
    [InlineData("sshkeys", null, "ssh key")]
    [InlineData("keys", "{\"notes\":\"k\"}", "API token")]
    public async Task Groups_ssh_keys_and_api_tokens_have_per_account_quotas_that_hold_under_a_race(string path, string? body, string what)
    {
        const int quota = 5;
        await using var server = await EcsServer.StartAsync(settings:
        [
            $"OpenEcs:Limits:MaxGroupsPerAccount={quota}", $"OpenEcs:Limits:MaxSshKeysPerAccount={quota}",
            $"OpenEcs:Limits:MaxApiKeysPerAccount={quota}", "OpenEcs:Limits:RequestsPerMinute=0",
        ]);
        using var api = await server.NewAccountAsync("holder");
        using var other = await server.NewAccountAsync("neighbour");
        // The account's own token (made by NewAccountAsync) counts towards its API tokens.
        var already = path == "keys" ? 1 : 0;
        string Body(int i) => body ?? $$"""{"label":"k{{i}}","key":"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo{{i}} k@x"}""";
        for (var i = already; i < quota - 1; i++) (await api.PostJsonAsync(path, Body(i))).AssertOk();
        var answers = await RaceAsync(20, i => api.PostJsonAsync(path, Body(100 + i)));
        output.WriteLine($"{path}: {Summary(answers)}");
        foreach (var refused in answers.Where(a => a.Status != HttpStatusCode.OK)) refused.AssertError(HttpStatusCode.Forbidden, $"{what} quota");
        Assert.Single(answers, a => a.Status == HttpStatusCode.OK);
        var listed = (await api.GetJsonAsync(path)).AssertOk();
        var count = path switch { "groups" => listed["groups"]!.AsArray().Count, "sshkeys" => listed["pubkeys"]!.AsArray().Count, _ => listed.AsArray().Count };
        Assert.Equal(quota, count);
        // The quota is per account.
        (await other.PostJsonAsync(path, Body(999))).AssertOk();
    }

    [SqliteFact]
    public async Task A_sqlite_transaction_takes_the_write_lock_when_it_begins()
    {
        await using var server = await EcsServer.StartAsync();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        await using (await db.Database.BeginTransactionAsync())
        {
            // BEGIN IMMEDIATE: a second writer cannot even begin while the first transaction is open (not only once it writes).
            await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(server.DataDir, "openecs.db")};Default Timeout=1");
            await other.OpenAsync();
            await using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            var busy = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => begin.ExecuteNonQueryAsync());
            Assert.Equal(5, busy.SqliteErrorCode); // SQLITE_BUSY
        }
    }

    private static async Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)[]> RaceAsync(
        int count, Func<int, Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode?)>> send)
    {
        using var start = new SemaphoreSlim(0);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            return await send(i);
        })).ToList();
        start.Release(count);
        return await Task.WhenAll(tasks);
    }

    private static string Summary((HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)[] answers) =>
        string.Join(", ", answers.GroupBy(a => (int)a.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}"));
}
