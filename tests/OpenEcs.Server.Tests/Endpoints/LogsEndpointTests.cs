using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>GET /logs and /logs/{id}: the account's audit trail in the docs' shape.</summary>
public sealed class LogsEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    public static readonly string[] Log =
    [
        "id:int", "actor:string", "action:string", "severity:string", "status:string", "target_type:string?", "target:string?",
        "created_at:time", "ip_address:string?", "user_agent:string?", "url:string?", "location:string?", "result_type:string?",
        "result:string?", "description:string?", "extra_data:string?",
    ];

    private static async Task<JsonArray> LogsAsync(HttpClient api, string query = "") =>
        (await api.GetJsonAsync("logs" + query)).AssertEnvelope("total_logs:int", "logs:array")["logs"]!.AsArray();

    [Fact]
    public async Task Logins_and_changes_are_logged_with_who_where_and_how_they_ended()
    {
        using var me = await fx.AccountAsync();
        using var agent = fx.Server.Client(Wire.TokenOf(me.Api));
        agent.DefaultRequestHeaders.UserAgent.ParseAdd("billing-tests/1.0");
        var created = (await agent.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "debian-12", notes = "logged" })).AssertOk();
        var name = (string)created["server"]!["name"]!;

        // A change is in the trail by the time its answer arrives: no waiting here.
        var logs = await LogsAsync(me.Api);
        var create = Wire.Shape(logs.First(l => (string)l!["action"]! == "POST /servers"), Log);
        Assert.Equal((me.Username, "success", "info", "Server", name), ((string)create["actor"]!, (string)create["status"]!,
            (string)create["severity"]!, (string)create["target_type"]!, (string)create["target"]!));
        Assert.Equal(("http_status", "200", "127.0.0.1", "billing-tests/1.0"), ((string)create["result_type"]!, (string)create["result"]!,
            (string)create["ip_address"]!, (string)create["user_agent"]!));
        Assert.EndsWith("/ecs/v2/servers", (string)create["url"]!);

        // The rest: a power action names its type; a refusal is a failure; logins either way.
        (await agent.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        (await agent.DeleteJsonAsync("servers/ec299999")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().PostJsonAsync("login", new { username = me.Username, password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized);
        await fx.Server.LoginAsync(me.Username, me.Password);
        logs = await Http.EventuallyAsync(() => LogsAsync(me.Api), l => l.Count(x => (string)x!["action"]! == "Login") >= 3, "the logins");
        Assert.Contains(logs, l => (string)l!["action"]! == $"POST /servers/{{name}}/actions power_off" && (string)l["target"]! == name);
        var refused = logs.Single(l => (string)l!["action"]! == "DELETE /servers/{name}");
        Assert.Equal(("failure", "warning", "404", "ec299999"), ((string)refused!["status"]!, (string)refused["severity"]!, (string)refused["result"]!, (string)refused["target"]!));
        var logins = logs.Where(l => (string)l!["action"]! == "Login").ToList();
        Assert.All(logins, l => Assert.Equal(("User", me.Username), ((string)l!["target_type"]!, (string)l["target"]!)));
        Assert.Contains(logins, l => (string)l!["status"]! == "failure");
        Assert.Equal(2, logins.Count(l => (string)l!["status"]! == "success")); // the fixture's and ours
        // Newest first; one row per log id.
        var ids = logs.Select(l => (long)l!["id"]!).ToList();
        Assert.Equal(ids.OrderDescending(), ids);

        // The first use of the token this hour, once however many calls it made.
        Assert.Single(logs, l => (string)l!["action"]! == "Token used");
        var token = logs.Single(l => (string)l!["action"]! == "Token used")!;
        Assert.Equal("ApiToken", (string)token["target_type"]!);
    }

    [Fact]
    public async Task Paging_a_filter_and_one_log_by_id()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var names = new List<string>();
        for (var i = 0; i < 3; i++) names.Add((string)(await me.Api.CreateServerAsync($"p{i}"))["server"]!["name"]!);
        // The token's first use is queued without waiting: let it land before counting.
        await Http.EventuallyAsync(() => LogsAsync(me.Api), l => l.Any(x => (string)x!["action"]! == "Token used"), "the token's row");
        var all = (await me.Api.GetJsonAsync("logs")).AssertOk();
        var total = (int)all["total_logs"]!;
        var page = (await me.Api.GetJsonAsync("logs?start=1&length=2")).AssertOk();
        Assert.Equal(total, (int)page["total_logs"]!);
        Assert.Equal(all["logs"]!.AsArray().Skip(1).Take(2).Select(l => (long)l!["id"]!), page["logs"]!.AsArray().Select(l => (long)l!["id"]!));
        var filtered = (await me.Api.GetJsonAsync($"logs?resource={names[1]}")).AssertOk();
        Assert.Equal(1, (int)filtered["total_logs"]!);
        Assert.Equal(names[1], (string)filtered["logs"]![0]!["target"]!);

        var id = (long)filtered["logs"]![0]!["id"]!;
        var one = Wire.Shape((await me.Api.GetJsonAsync($"logs/{id}")).AssertOk(), Log);
        Assert.Equal(("success", names[1]), ((string)one["status"]!, (string)one["target"]!));

        (await other.Api.GetJsonAsync($"logs/{id}")).AssertError(HttpStatusCode.NotFound);
        Assert.DoesNotContain((await LogsAsync(other.Api)), l => (long)l!["id"]! == id);
        (await me.Api.GetJsonAsync("logs/99999999")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("logs/abc")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("logs?length=0")).AssertError(HttpStatusCode.BadRequest, "length");
        (await me.Api.GetJsonAsync("logs?start=-1")).AssertError(HttpStatusCode.BadRequest, "start");
        (await me.Api.GetJsonAsync("logs?length=501")).AssertError(HttpStatusCode.BadRequest, "length");
        (await fx.Anonymous().GetJsonAsync("logs")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task No_secret_ever_reaches_the_trail()
    {
        using var me = await fx.AccountAsync();
        var key = (await me.Api.PostJsonAsync("keys", new { notes = "ci" })).AssertOk();
        var secret = (string)key["token"]!;
        using var withKey = fx.Server.Client(secret);
        await withKey.CreateServerAsync("made with the new key");
        (await me.Api.PostJsonAsync("account", new { password = "another-password-9" })).AssertOk();
        await fx.Server.LoginAsync(me.Username, "another-password-9");
        (await fx.Anonymous().PostJsonAsync("login", new { username = me.Username, password = "not-the-password-7" })).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.PostJsonAsync("sshkeys", new { key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 t@x", label = "k" })).AssertOk();

        var text = (await Http.EventuallyAsync(() => me.Api.GetJsonAsync("logs?length=500"),
            r => r.Body!["logs"]!.AsArray().Count(l => (string)l!["action"]! == "Login") >= 3, "the logins")).Body!.ToJsonString();
        foreach (var forbidden in new[] { secret, Wire.TokenOf(me.Api), me.Password, "another-password-9", "not-the-password-7", "AAAAC3NzaC1lZDI1NTE5" })
            Assert.DoesNotContain(forbidden, text);
        Assert.Contains("POST /keys", text);
        Assert.Contains("POST /account", text);
    }
}
