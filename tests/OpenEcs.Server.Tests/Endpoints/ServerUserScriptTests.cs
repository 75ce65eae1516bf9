using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>POST /servers with user_customize: a library script's id (with user_customize_env) or the script's text.</summary>
public sealed class ServerUserScriptTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static JsonObject Body(JsonNode? userCustomize, string? env = null, string plan = "ECS1", string image = "ubuntu-2204")
    {
        var body = new JsonObject { ["plan"] = plan, ["location"] = "it-fr2", ["image"] = image, ["notes"] = "scripted", ["user_customize"] = userCustomize };
        if (env is not null) body["user_customize_env"] = env;
        return body;
    }

    private string? StoredEnv(string server)
    {
        using var scope = fx.Server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        return db.Set<Core.Servers.Server>().IgnoreQueryFilters().Single(s => s.Name == server).UserCustomizeEnv;
    }

    [Fact]
    public async Task A_library_script_runs_with_its_environment_which_is_never_shown()
    {
        using var me = await fx.AccountAsync();
        var script = await ScriptsEndpointTests.CreateScriptAsync(me.Api, "presentation", "#!/bin/bash\necho \"i'm $NAME, i work in $WORK !!!\" > /root/presentation.txt");
        const string secret = "s3cr3t-do-not-show";
        var created = (await me.Api.PostJsonAsync("servers", Body((long)script["id"]!, $"NAME=\"bob\"\nWORK=\"{secret}\""))).AssertOk();
        var name = (string)created["server"]!["name"]!;
        var action = await me.Api.WaitForActionAsync((long)created["action_id"]!);
        Assert.Equal("user script exited 0", (string)action["message"]!);
        Assert.Equal("Booted", (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["status"]!);
        // Not in any answer, and gone from the store once the guest has it.
        foreach (var seen in new[]
                 {
                     created, (await me.Api.GetJsonAsync($"servers/{name}")).AssertOk(), (await me.Api.GetJsonAsync("servers")).AssertOk(),
                     (await me.Api.GetJsonAsync("actions")).AssertOk(), action,
                 })
            Assert.DoesNotContain(secret, seen.ToJsonString());
        Assert.Null(StoredEnv(name));
    }

    [Fact]
    public async Task Inline_text_and_script_ids_are_both_taken()
    {
        using var me = await fx.AccountAsync();
        // The docs' temporary script, and one without #! (the captured responses hold such scripts).
        foreach (var text in new[] { "#!/bin/bash\necho \"my script\" > /root/out.txt", "echo hello > /root/.bashrc" })
        {
            var created = (await me.Api.PostJsonAsync("servers", Body(text))).AssertOk();
            Assert.Equal("user script exited 0", (string)(await me.Api.WaitForActionAsync((long)created["action_id"]!))["message"]!);
        }
        var id = (long)(await ScriptsEndpointTests.CreateScriptAsync(me.Api))["id"]!;
        var byId = (await me.Api.PostJsonAsync("servers", Body(id))).AssertOk();
        await me.Api.WaitForActionAsync((long)byId["action_id"]!);
        // A script deleted afterwards changes nothing for the server created with it.
        (await me.Api.DeleteJsonAsync($"scripts/{id}")).AssertOk();
        Assert.Equal("Booted", (string)(await me.Api.GetJsonAsync($"servers/{byId["server"]!["name"]}")).AssertOk()["server"]!["status"]!);
        // null is "not given" and an empty text is no script.
        var none = (await me.Api.PostJsonAsync("servers", Body(null))).AssertOk();
        Assert.Null((await me.Api.WaitForActionAsync((long)none["action_id"]!))["message"]);
    }

    [Fact]
    public async Task Bad_scripts_and_environments_are_refused_naming_the_field()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var id = (long)(await ScriptsEndpointTests.CreateScriptAsync(me.Api))["id"]!;
        var windows = (long)(await ScriptsEndpointTests.CreateScriptAsync(me.Api, "w", "#ps1\necho hi", windows: true))["id"]!;
        var theirs = (long)(await ScriptsEndpointTests.CreateScriptAsync(other.Api))["id"]!;
        (await me.Api.PostJsonAsync("servers", Body("echo hi", "NAME=bob"))).AssertError(HttpStatusCode.BadRequest, "user_customize_env");
        (await me.Api.PostJsonAsync("servers", Body(null, "NAME=bob"))).AssertError(HttpStatusCode.BadRequest, "user_customize_env");
        (await me.Api.PostJsonAsync("servers", Body(id, "not an assignment"))).AssertError(HttpStatusCode.BadRequest, "user_customize_env line 1");
        (await me.Api.PostJsonAsync("servers", Body(id, "A=1\n9LIVES=x"))).AssertError(HttpStatusCode.BadRequest, "user_customize_env line 2");
        (await me.Api.PostJsonAsync("servers", Body(999_999))).AssertError(HttpStatusCode.BadRequest, "script 999999");
        (await me.Api.PostJsonAsync("servers", Body(theirs))).AssertError(HttpStatusCode.BadRequest, $"script {theirs}");
        (await me.Api.PostJsonAsync("servers", Body(windows))).AssertError(HttpStatusCode.BadRequest, "Windows");
        (await me.Api.PostJsonAsync("servers", Body(true))).AssertError(HttpStatusCode.BadRequest, "user_customize");
        (await me.Api.PostJsonAsync("servers", Body(-3))).AssertError(HttpStatusCode.BadRequest, "user_customize");
        (await me.Api.PostJsonAsync("servers", Body(new JsonObject { ["id"] = id }))).AssertError(HttpStatusCode.BadRequest, "user_customize");
        (await me.Api.PostJsonAsync("servers", Body(new string('x', 64 * 1024 + 1)))).AssertError(HttpStatusCode.BadRequest, "user_customize");
        (await me.Api.PostJsonAsync("servers", Body(id, new string('A', 17 * 1024)))).AssertError(HttpStatusCode.BadRequest, "user_customize_env");
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
    }
}
