using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/actions (newest first, filtered before paging) and /actions/{id}.</summary>
public sealed class ActionsEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static List<long> Ids(JsonNode list) => list["actions"]!.AsArray().Select(a => (long)a!["id"]!).ToList();

    [Fact]
    public async Task List_is_newest_first_and_filters_by_resource_before_paging()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var first = await me.Api.CreateBootedServerAsync("a");
        var second = await me.Api.CreateBootedServerAsync("b");
        var off = (await me.Api.PostJsonAsync($"servers/{first}/actions", new { type = "power_off" })).AssertOk();
        await me.Api.WaitForActionAsync((long)off["id"]!);
        await other.Api.CreateBootedServerAsync("theirs");

        var all = (await me.Api.GetJsonAsync("actions")).AssertEnvelope("actions:array", "total_actions:int");
        Assert.Equal(3, (int)all["total_actions"]!);
        foreach (var action in all["actions"]!.AsArray()) Wire.AssertAction(action);
        Assert.Equal(["power_off", "create_server", "create_server"], all["actions"]!.AsArray().Select(a => (string)a!["type"]!));
        Assert.Equal(Ids(all).OrderByDescending(i => i), Ids(all));
        Assert.All(all["actions"]!.AsArray(), a => Assert.Equal(me.Username, (string)a!["user"]!));

        var page = (await me.Api.GetJsonAsync("actions?start=1&length=1")).AssertEnvelope("actions:array", "total_actions:int");
        Assert.Equal(3, (int)page["total_actions"]!);
        Assert.Equal([Ids(all)[1]], Ids(page));
        Assert.Empty((await me.Api.GetJsonAsync("actions?start=3")).AssertOk()["actions"]!.AsArray());

        var filtered = (await me.Api.GetJsonAsync($"actions?resource={first}&start=0&length=1")).AssertEnvelope("actions:array", "total_actions:int");
        Assert.Equal(2, (int)filtered["total_actions"]!);
        Assert.Equal("power_off", (string)filtered["actions"]![0]!["type"]!);
        Assert.Equal(second, (string)(await me.Api.GetJsonAsync($"actions?resource={second}")).AssertOk()["actions"]![0]!["resource"]!);
        var none = (await me.Api.GetJsonAsync("actions?resource=ec299999")).AssertOk();
        Assert.Equal(0, (int)none["total_actions"]!);
        Assert.Empty(none["actions"]!.AsArray());
        Assert.Equal(0, (int)(await other.Api.GetJsonAsync($"actions?resource={first}")).AssertOk()["total_actions"]!);
    }

    [Theory]
    [InlineData("actions?start=-1", "start")]
    [InlineData("actions?start=abc", "start")]
    [InlineData("actions?start=99999999999", "start")]
    [InlineData("actions?length=0", "length")]
    [InlineData("actions?length=501", "length")]
    [InlineData("actions?length=1.5", "length")]
    public async Task List_rejects_bad_paging(string path, string message)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task List_and_get_need_credentials()
    {
        (await fx.Anonymous().GetJsonAsync("actions")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Anonymous().GetJsonAsync("actions/1")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("wrong").GetJsonAsync("actions/1")).AssertError(HttpStatusCode.Unauthorized);
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("actions", new { })).AssertError(HttpStatusCode.MethodNotAllowed);
        (await me.Api.DeleteJsonAsync("actions/1")).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Get_answers_one_action_of_the_account_only()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var created = await me.Api.CreateServerAsync("x");
        var id = (long)created["action_id"]!;
        await me.Api.WaitForActionAsync(id);

        var action = Wire.AssertAction((await me.Api.GetJsonAsync($"actions/{id}")).AssertEnvelope("action:object")["action"],
            "create_server", (string)created["server"]!["name"]!);
        Assert.Equal(id, (long)action["id"]!);
        Assert.Equal("completed", (string)action["status"]!);
        Assert.Equal(100, (int)action["progress"]!);
        Wire.AssertType(action["started_at"], "time", "started_at");
        Wire.AssertType(action["completed_at"], "time", "completed_at");
        Assert.Equal("ECS", (string)action["resource_type"]!);

        (await other.Api.GetJsonAsync($"actions/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("actions/999999")).AssertError(HttpStatusCode.NotFound, "999999");
        (await me.Api.GetJsonAsync("actions/abc")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("actions/-1")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("actions/99999999999999999999999")).AssertError(HttpStatusCode.NotFound);
    }
}
