using System.Net;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>POST/DELETE /servers/{name}/support and support on create, in ecsapi's ServerSupport shape.</summary>
public sealed class SupportEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    [Fact]
    public async Task The_docs_example_sets_global_support_which_the_server_then_shows_and_delete_ends()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("supported");
        Assert.Null(Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"])["support"]);

        var set = (await me.Api.RawAsync(HttpMethod.Post, $"servers/{name}/support", Wire.Text("{\n  \"code\": \"global\"\n}\n")))
            .AssertEnvelope("support:object");
        var support = Wire.Shape(set["support"], Wire.Support);
        Assert.Equal(("global", "global", 2, name, "supported"), ((string)support["support_code"]!, (string)support["support_title"]!,
            (int)support["weigth"]!, (string)support["server__name"]!, (string)support["server_notes"]!));
        Assert.False((bool)support["cancelled"]!);
        var shown = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]);
        Assert.Equal("global", (string)shown["support"]!["support_code"]!);
        Assert.Equal((string)support["start"]!, (string)shown["support"]!["start"]!);

        // Down to basic, then the same again (nothing changes), then removed, twice.
        var basic = (await me.Api.PostJsonAsync($"servers/{name}/support", new { code = "basic" })).AssertOk()["support"]!;
        Assert.Equal(1, (int)basic["weigth"]!);
        Assert.Equal((string)basic["start"]!, (string)(await me.Api.PostJsonAsync($"servers/{name}/support", new { code = "BASIC" })).AssertOk()["support"]!["start"]!);
        (await me.Api.DeleteJsonAsync($"servers/{name}/support")).AssertEnvelope();
        (await me.Api.DeleteJsonAsync($"servers/{name}/support")).AssertEnvelope();
        Assert.Null(Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"])["support"]);
        // "unmanaged" is the same as no support.
        (await me.Api.PostJsonAsync($"servers/{name}/support", new { code = "unmanaged" })).AssertOk();
        Assert.Null(Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"])["support"]);
    }

    [Fact]
    public async Task Support_on_create_is_honoured_or_refused_by_name()
    {
        using var me = await fx.AccountAsync();
        var created = (await me.Api.PostJsonAsync("servers", new { plan = "ECS6", image = "debian-12", location = "it-fr2", notes = "my-first-server", support = "global" }))
            .AssertEnvelope("action_id:int", "server:object");
        Assert.Equal("global", (string)Wire.AssertServer(created["server"])["support"]!["support_code"]!);
        Assert.Equal("global", (string)(await me.Api.GetJsonAsync($"servers/{created["server"]!["name"]}")).AssertOk()["server"]!["support"]!["support_code"]!);

        (await me.Api.PostJsonAsync("servers", new { plan = "ECS1", image = "debian-12", location = "it-fr2", notes = "n", support = "platinum" }))
            .AssertError(HttpStatusCode.BadRequest, "unknown support 'platinum'");
        (await me.Api.PostJsonAsync("servers", new { plan = "ECS1", image = "debian-12", location = "it-fr2", notes = "n", support = "proactive" }))
            .AssertError(HttpStatusCode.BadRequest, "arranged with the provider");
        (await me.Api.PostJsonAsync("servers", new { plan = "ECS1", image = "debian-12", location = "it-fr2", notes = "n", support = 3 }))
            .AssertError(HttpStatusCode.BadRequest, "support");
        Assert.Equal(1, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
    }

    [Fact]
    public async Task Bad_support_requests_are_refused()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync();
        var theirs = await other.Api.CreateBootedServerAsync();
        (await me.Api.PostJsonAsync($"servers/{name}/support", new { })).AssertError(HttpStatusCode.BadRequest, "code is required");
        (await me.Api.PostJsonAsync($"servers/{name}/support", new { code = "gold" })).AssertError(HttpStatusCode.BadRequest, "unknown support");
        (await me.Api.PostJsonAsync($"servers/{name}/support", new { code = "proactive" })).AssertError(HttpStatusCode.BadRequest, "proactive");
        (await me.Api.PostJsonAsync("servers/ec299999/support", new { code = "basic" })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync($"servers/{theirs}/support", new { code = "basic" })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"servers/{theirs}/support")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync("servers/ec299999/support")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().DeleteJsonAsync($"servers/{name}/support")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.SendAsync(HttpMethod.Put, $"servers/{name}/support", new { code = "basic" })).AssertError(HttpStatusCode.MethodNotAllowed);
        (await fx.Anonymous().PostJsonAsync($"servers/{name}/support", new { code = "basic" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Null((await other.Api.GetJsonAsync($"servers/{theirs}")).AssertOk()["server"]!["support"]);

        (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
        // Deleting, or already gone: either way no support is bought for it, nor dropped.
        foreach (var late in new[] { await me.Api.PostJsonAsync($"servers/{name}/support", new { code = "basic" }), await me.Api.DeleteJsonAsync($"servers/{name}/support") })
            Assert.Contains(late.Status, new[] { HttpStatusCode.Conflict, HttpStatusCode.NotFound });
    }
}
