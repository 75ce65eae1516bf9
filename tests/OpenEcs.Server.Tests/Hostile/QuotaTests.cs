using System.Net;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

public sealed class QuotaTests
{
    [Fact]
    public async Task Creates_past_the_account_quota_are_refused_and_write_nothing()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Limits:MaxServersPerAccount=3"]);
        using var api = await server.NewAccountAsync("quota");
        using var other = await server.NewAccountAsync("other");
        var first = await api.CreateServerAsync("q0");
        for (var i = 1; i < 3; i++) await api.CreateServerAsync($"q{i}");
        var refused = await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "debian-12", notes = "one too many" });
        refused.AssertError(HttpStatusCode.Forbidden, "quota");
        Assert.Equal(3, (int)(await api.GetJsonAsync("servers")).AssertOk()["count"]!);
        Assert.Equal(3, (int)(await api.GetJsonAsync("actions")).AssertOk()["total_actions"]!);
        // The quota is per account.
        await other.CreateServerAsync("other's");
        // Deleting one frees its place once the delete has completed.
        await api.WaitForActionAsync((long)first["action_id"]!);
        var delete = (await api.DeleteJsonAsync($"servers/{first["server"]!["name"]}")).AssertOk();
        await api.WaitForActionAsync((long)delete["action"]!["id"]!);
        await api.CreateServerAsync("fits again");
    }
}
