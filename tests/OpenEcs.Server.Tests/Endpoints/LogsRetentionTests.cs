using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>The trail on the manual clock: a token's use logged once an hour, rows dropped after the retention.</summary>
public sealed class LogsRetentionTests
{
    [Fact]
    public async Task A_token_is_logged_once_an_hour_and_rows_older_than_the_retention_go()
    {
        await using var server = await EcsServer.StartAsync("manual", "OpenEcs:Logs:Retention=02:00:00");
        using var emulator = server.Emulator();
        using var api = await server.NewAccountAsync("trail");
        async Task<List<string>> ActionsAsync() =>
            (await api.GetJsonAsync("logs?length=500")).AssertOk()["logs"]!.AsArray().Select(l => (string)l!["action"]!).ToList();

        for (var i = 0; i < 5; i++) (await api.GetJsonAsync("servers")).AssertOk();
        await Http.EventuallyAsync(ActionsAsync, a => a.Contains("Token used"), "the token's first use");
        (await emulator.PostJsonAsync("clock", new { advance_seconds = 600 })).AssertOk();
        (await api.GetJsonAsync("servers")).AssertOk();
        // Same hour or the next (the clock may have crossed one): never a row per call.
        var sameHour = await ActionsAsync();
        Assert.InRange(sameHour.Count(a => a == "Token used"), 1, 2);

        (await emulator.PostJsonAsync("clock", new { advance_seconds = 3600 })).AssertOk();
        (await api.GetJsonAsync("servers")).AssertOk();
        await Http.EventuallyAsync(ActionsAsync, a => a.Count(x => x == "Token used") > sameHour.Count(x => x == "Token used"), "a row in the new hour");

        // Three hours on, a change is written and the writer prunes what is older than two hours.
        (await emulator.PostJsonAsync("clock", new { advance_seconds = 3 * 3600 })).AssertOk();
        await api.CreateServerAsync("after the retention");
        var left = await Http.EventuallyAsync(ActionsAsync, a => !a.Contains("Login"), "the old rows to go");
        Assert.Contains("POST /servers", left);
        Assert.DoesNotContain("POST /keys", left);
    }
}
