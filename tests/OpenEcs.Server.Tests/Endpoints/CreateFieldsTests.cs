using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>Every field POST /servers documents is honoured or refused with a 400 naming it; unknown keys are ignored.</summary>
public sealed class CreateFieldsTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static JsonObject Body(string field, JsonNode? value) => new()
    {
        ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "debian-12", ["notes"] = "fields", [field] = value,
    };

    public static TheoryData<string, string, string> NotOffered => new()
    {
        { "networks", """[{"name":"net1","vlans":[{"vlan_id":150}]}]""", "unknown network 'net1'" },
        { "networks", """{"name":"net1"}""", "networks" },
        // An environment goes with a library script only (the docs, ecsapi's validator).
        { "user_customize_env", "\"NAME=value\"", "user_customize_env" },
    };

    [Theory]
    [MemberData(nameof(NotOffered))]
    public async Task A_field_not_offered_yet_is_refused_by_name(string field, string json, string message)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("servers", Body(field, JsonNode.Parse(json)))).AssertError(HttpStatusCode.BadRequest, message);
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
    }

    [Fact]
    public async Task An_environment_goes_with_a_library_script_only_and_bad_lines_are_refused_by_name()
    {
        using var me = await fx.AccountAsync();
        var body = Body("user_customize", "#!/bin/sh\necho \"$GREETING\" > /root/hello\n");
        body["user_customize_env"] = "GREETING=hello"; // inline text takes no environment
        (await me.Api.PostJsonAsync("servers", body)).AssertError(HttpStatusCode.BadRequest, "user_customize_env");
        var script = (await me.Api.PostJsonAsync("scripts", new { title = "greet", content = "#!/bin/sh\necho \"$GREETING\" > /root/hello\n" }))
            .AssertOk()["script"]!["id"]!.DeepClone();
        body["user_customize"] = script;
        body["user_customize_env"] = "GREETING=hello\nnot an assignment";
        (await me.Api.PostJsonAsync("servers", body)).AssertError(HttpStatusCode.BadRequest, "user_customize_env line 2");
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
        body["user_customize_env"] = "GREETING=\"hello\"\nWORK=seeweb";
        await me.Api.WaitForActionAsync((long)(await me.Api.PostJsonAsync("servers", body)).AssertOk()["action_id"]!);
    }

    [Fact]
    public async Task Empty_or_null_forms_of_those_fields_and_unknown_keys_change_nothing()
    {
        using var me = await fx.AccountAsync();
        var body = Body("networks", new JsonArray());
        body["password"] = null;
        body["user_customize_env"] = "";
        body["isolate_from"] = new JsonArray();
        body["support"] = null;
        body["reserved_plan"] = "";
        body["colour"] = "blue";
        body["extras"] = new JsonObject { ["nested"] = true };
        var server = Wire.AssertServer((await me.Api.PostJsonAsync("servers", body)).AssertOk()["server"]);
        Assert.Null(server["support"]);
        Assert.False((bool)server["is_reserved"]!);
    }

    [Fact]
    public async Task Every_documented_field_at_once_is_honoured()
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("sshkeys", new { key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 t@x", label = "laptop" })).AssertOk();
        var group = (string)(await me.Api.PostJsonAsync("groups", new { notes = "g", password = "" })).AssertOk()["group"]!["name"]!;
        var peer = await me.Api.CreateBootedServerAsync("peer");
        var created = (await me.Api.PostJsonAsync("servers", new
        {
            plan = "ECS1", location = "it-fr2", image = "debian-12", notes = "all", ssh_key = "laptop", group,
            user_customize = "#!/bin/sh\necho hi\n", password = "s3cret-passw0rd", support = "global", reserved_plan = "M6PECS1", isolate_from = new[] { peer }, networks = Array.Empty<object>(),
        })).AssertOk();
        var server = Wire.AssertServer(created["server"]);
        var name = (string)server["name"]!;
        Assert.Equal(group, (string)server["group"]!);
        Assert.Equal("global", (string)server["support"]!["support_code"]!);
        Assert.Equal(6, (int)server["reserved_plans"]![0]!["reserved_months"]!);
        Assert.Equal(peer, (string)(await me.Api.GetJsonAsync($"servers/{name}/isolations")).AssertOk()["isolations"]![0]!["name"]!);
        await me.Api.WaitForActionAsync((long)created["action_id"]!);
    }
}
