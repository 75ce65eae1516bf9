using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/scripts and /scripts/{id}: the account's script library (20 scripts), and the operator's public scripts.</summary>
public sealed class ScriptsEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    internal static readonly string[] Shape =
        ["id:int", "user:string?", "title:string", "content:string", "windows:bool", "public:bool", "category:string?"];

    internal static async Task<JsonObject> CreateScriptAsync(HttpClient api, string title = "my-script",
        string content = "#!/bin/bash\necho \"Hello, World!\" > /root/greet.txt", bool windows = false) =>
        Wire.Shape((await api.PostJsonAsync("scripts", new { title, content, windows })).AssertEnvelope("script:object")["script"], Shape);

    private static JsonArray Own(JsonNode list, string user) =>
        new(list["scripts"]!.AsArray().Where(s => (string?)s!["user"] == user).Select(s => s!.DeepClone()).ToArray());

    [Fact]
    public async Task Create_get_and_list_a_script()
    {
        using var me = await fx.AccountAsync();
        var script = await CreateScriptAsync(me.Api, "Il mio primo script", "echo hello > /root/.bashrc");
        Assert.Equal(me.Username, (string)script["user"]!);
        Assert.Equal(("Il mio primo script", "echo hello > /root/.bashrc"), ((string)script["title"]!, (string)script["content"]!));
        Assert.False((bool)script["windows"]!);
        Assert.False((bool)script["public"]!);
        Assert.Null(script["category"]);

        var byId = (await me.Api.GetJsonAsync($"scripts/{script["id"]}")).AssertEnvelope("script:object")["script"]!;
        Assert.Equal(script.ToJsonString(), byId.ToJsonString());
        var windows = await CreateScriptAsync(me.Api, "my-script-w", "#ps1\necho \"Hello\" > C:\\greet.txt", windows: true);
        Assert.True((bool)windows["windows"]!);
        var list = (await me.Api.GetJsonAsync("scripts")).AssertEnvelope("scripts:array");
        Assert.Equal([(long)script["id"]!, (long)windows["id"]!], Own(list, me.Username).Select(s => (long)s!["id"]!));
    }

    [Fact]
    public async Task Create_rejects_bad_requests()
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("scripts", new { content = "echo" })).AssertError(HttpStatusCode.BadRequest, "title is required");
        (await me.Api.PostJsonAsync("scripts", new { title = "t" })).AssertError(HttpStatusCode.BadRequest, "content is required");
        (await me.Api.PostJsonAsync("scripts", new { title = new string('t', 101), content = "echo" })).AssertError(HttpStatusCode.BadRequest, "title");
        (await me.Api.PostJsonAsync("scripts", new { title = "t", content = new string('x', 64 * 1024 + 1) })).AssertError(HttpStatusCode.BadRequest, "content");
        (await me.Api.PostJsonAsync("scripts", new { title = "t", content = "echo", windows = "yes" })).AssertError(HttpStatusCode.BadRequest, "windows");
        (await me.Api.PostJsonAsync("scripts", new { title = "t", content = "echo", @public = true })).AssertError(HttpStatusCode.Forbidden, "operator");
        (await me.Api.PostJsonAsync("scripts", "{\"title\": ")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await fx.Anonymous().PostJsonAsync("scripts", new { title = "t", content = "echo" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Empty(Own((await me.Api.GetJsonAsync("scripts")).AssertOk(), me.Username));
    }

    [Fact]
    public async Task The_library_holds_twenty_scripts()
    {
        using var me = await fx.AccountAsync();
        for (var i = 0; i < 20; i++) await CreateScriptAsync(me.Api, $"s{i}", $"echo {i}");
        (await me.Api.PostJsonAsync("scripts", new { title = "one more", content = "echo" })).AssertError(HttpStatusCode.Forbidden, "at most 20");
        var first = (long)Own((await me.Api.GetJsonAsync("scripts")).AssertOk(), me.Username)[0]!["id"]!;
        (await me.Api.DeleteJsonAsync($"scripts/{first}")).AssertOk();
        await CreateScriptAsync(me.Api, "fits again", "echo");
        Assert.Equal(20, Own((await me.Api.GetJsonAsync("scripts")).AssertOk(), me.Username).Count);
    }

    [Fact]
    public async Task Put_and_patch_are_partial_updates()
    {
        using var me = await fx.AccountAsync();
        var script = await CreateScriptAsync(me.Api);
        var id = (long)script["id"]!;
        var put = (await me.Api.PutJsonAsync($"scripts/{id}", new { title = "my-script-renamed" })).AssertEnvelope("script:object")["script"]!;
        Assert.Equal(("my-script-renamed", (string)script["content"]!), ((string)put["title"]!, (string)put["content"]!));
        // ecsapi's update_script sends every field, the ones not changed as null.
        var patch = (await me.Api.SendAsync(HttpMethod.Patch, $"scripts/{id}", new JsonObject
            { ["title"] = null, ["content"] = "#!/bin/bash\necho \"Hello, Guys!\" > /root/greet.txt", ["windows"] = null }))
            .AssertEnvelope("script:object")["script"]!;
        Assert.Equal(("my-script-renamed", "#!/bin/bash\necho \"Hello, Guys!\" > /root/greet.txt"), ((string)patch["title"]!, (string)patch["content"]!));
        Assert.False((bool)patch["windows"]!);
        var flag = (await me.Api.SendAsync(HttpMethod.Patch, $"scripts/{id}", new { windows = true })).AssertOk()["script"]!;
        Assert.True((bool)flag["windows"]!);
        Assert.Equal(flag.ToJsonString(), (await me.Api.GetJsonAsync($"scripts/{id}")).AssertOk()["script"]!.ToJsonString());
    }

    [Fact]
    public async Task Updates_and_deletes_reject_bad_requests()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var id = (long)(await CreateScriptAsync(me.Api))["id"]!;
        (await me.Api.PutJsonAsync($"scripts/{id}", new { })).AssertError(HttpStatusCode.BadRequest, "nothing to update");
        (await me.Api.PutJsonAsync($"scripts/{id}", new { title = "" })).AssertError(HttpStatusCode.BadRequest, "title");
        (await me.Api.SendAsync(HttpMethod.Patch, $"scripts/{id}", new { content = " " })).AssertError(HttpStatusCode.BadRequest, "content");
        (await me.Api.PutJsonAsync($"scripts/{id}", new { windows = 3 })).AssertError(HttpStatusCode.BadRequest, "windows");
        (await other.Api.PutJsonAsync($"scripts/{id}", new { title = "mine now" })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.GetJsonAsync($"scripts/{id}")).AssertError(HttpStatusCode.NotFound);
        (await other.Api.DeleteJsonAsync($"scripts/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("scripts/999999")).AssertError(HttpStatusCode.NotFound, "999999");
        (await me.Api.GetJsonAsync("scripts/abc")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PutJsonAsync("scripts/999999", new { title = "x" })).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().DeleteJsonAsync($"scripts/{id}")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal("my-script", (string)(await me.Api.GetJsonAsync($"scripts/{id}")).AssertOk()["script"]!["title"]!);

        var deleted = (await me.Api.DeleteJsonAsync($"scripts/{id}")).AssertEnvelope("script:object");
        Assert.Equal(id, (long)deleted["script"]!["id"]!);
        (await me.Api.GetJsonAsync($"scripts/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"scripts/{id}")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Public_scripts_of_the_operator_are_read_and_used_by_every_account_and_changed_by_none()
    {
        using var admin = fx.Server.Client();
        var published = Wire.Shape((await admin.PostJsonAsync("scripts", new { title = "hardening", content = "echo harden", @public = true }))
            .AssertOk()["script"], Shape);
        var id = (long)published["id"]!;
        try
        {
            Assert.True((bool)published["public"]!);
            using var me = await fx.AccountAsync();
            Assert.Contains((await me.Api.GetJsonAsync("scripts")).AssertOk()["scripts"]!.AsArray(), s => (long)s!["id"]! == id);
            Assert.True((bool)(await me.Api.GetJsonAsync($"scripts/{id}")).AssertOk()["script"]!["public"]!);
            (await me.Api.PutJsonAsync($"scripts/{id}", new { title = "mine" })).AssertError(HttpStatusCode.Forbidden, "public");
            (await me.Api.DeleteJsonAsync($"scripts/{id}")).AssertError(HttpStatusCode.Forbidden, "public");
            // ... and used to create a server.
            var created = (await me.Api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2204", notes = "pub", user_customize = id }))
                .AssertOk();
            await me.Api.WaitForActionAsync((long)created["action_id"]!);
        }
        finally
        {
            (await admin.DeleteJsonAsync($"scripts/{id}")).AssertOk();
        }
    }

    [Fact]
    public async Task A_group_login_has_no_script_library()
    {
        using var me = await fx.AccountAsync();
        var group = (await me.Api.PostJsonAsync("groups", new { notes = "g", password = "secret-1" })).AssertOk()["group"]!;
        using var sub = fx.Server.BearerClient(await fx.Server.LoginAsync((string)group["name"]!, "secret-1"));
        (await sub.GetJsonAsync("scripts")).AssertError(HttpStatusCode.Forbidden);
        (await sub.PostJsonAsync("scripts", new { title = "t", content = "echo" })).AssertError(HttpStatusCode.Forbidden);
        // It creates servers with the account's scripts all the same.
        var id = (long)(await CreateScriptAsync(me.Api))["id"]!;
        var created = (await sub.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2204", notes = "g", user_customize = id }))
            .AssertOk();
        await sub.WaitForActionAsync((long)created["action_id"]!);
    }
}
