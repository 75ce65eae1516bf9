using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/groups and /groups/{id}, and the login to a group's subview.</summary>
public sealed class GroupsEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static async Task<JsonObject> CreateGroupAsync(HttpClient api, string notes = "group", string? password = null) =>
        Wire.Shape((await api.PostJsonAsync("groups", new { notes, password })).AssertEnvelope("group:object")["group"], Wire.Group);

    [Fact]
    public async Task Create_list_and_get_a_group()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var group = await CreateGroupAsync(me.Api, "Test group 1", "secret");
        Assert.Matches(@"^eg1\d{5}$", (string)group["name"]!);
        Assert.Equal("Test group 1", (string)group["notes"]!);
        Assert.True((bool)group["enabled"]!);
        Assert.False(group.ContainsKey("password"));

        var list = (await me.Api.GetJsonAsync("groups")).AssertEnvelope("groups:array");
        Assert.Equal(group.ToJsonString(), Wire.Shape(Assert.Single(list["groups"]!.AsArray()), Wire.Group).ToJsonString());
        var byId = (await me.Api.GetJsonAsync($"groups/{group["id"]}")).AssertEnvelope("group:object")["group"]!;
        Assert.Equal(group.ToJsonString(), byId.ToJsonString());
        var byName = (await me.Api.GetJsonAsync($"groups/{group["name"]}")).AssertEnvelope("group:object")["group"]!;
        Assert.Equal(group.ToJsonString(), byName.ToJsonString());
        Assert.Empty((await other.Api.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray());
    }

    [Fact]
    public async Task Seed_create_example_sent_by_curl_d_as_a_form_is_read_as_json()
    {
        using var me = await fx.AccountAsync();
        using var jwt = fx.Server.BearerClient(await fx.Server.LoginAsync(me.Username, me.Password));
        const string seed = """
            {
                                "notes": "Test group 1",
                                "password": "secret"
                              }
            """;
        var group = (await jwt.RawAsync(HttpMethod.Post, "groups", Wire.Text(seed, "application/x-www-form-urlencoded")))
            .AssertEnvelope("group:object")["group"]!;
        Assert.Equal("Test group 1", (string)group["notes"]!);
        var login = (await fx.Anonymous().PostJsonAsync("login", new { username = (string)group["name"]!, password = "secret" })).AssertOk();
        Assert.Equal(3, ((string)login["token"]!).Split('.').Length);
    }

    [Fact]
    public async Task Create_rejects_bad_bodies()
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("groups", new { notes = "g", password = "abc" })).AssertError(HttpStatusCode.BadRequest, "password");
        (await me.Api.PostJsonAsync("groups", new { notes = "g", password = new string('p', 257) })).AssertError(HttpStatusCode.BadRequest, "password");
        (await me.Api.PostJsonAsync("groups", new { notes = new string('x', 256) })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PostJsonAsync("groups", new { notes = 7 })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PostJsonAsync("groups", "{\"notes\": \"unterminated}")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await fx.Anonymous().PostJsonAsync("groups", new { notes = "g" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Empty((await me.Api.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray());
    }

    [Fact]
    public async Task Get_answers_404_for_unknown_and_other_accounts_groups()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var theirs = await CreateGroupAsync(other.Api);
        (await me.Api.GetJsonAsync($"groups/{theirs["id"]}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync($"groups/{theirs["name"]}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("groups/999999")).AssertError(HttpStatusCode.NotFound, "999999");
        (await me.Api.GetJsonAsync("groups/eg199999")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().GetJsonAsync($"groups/{theirs["id"]}")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Anonymous().GetJsonAsync("groups")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("not-a-token").GetJsonAsync("groups")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("groups")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await me.Api.PutJsonAsync($"groups/{theirs["id"]}", new { notes = "x" })).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Delete_is_a_409_while_the_group_holds_servers_and_nogroup_frees_it()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var group = await CreateGroupAsync(me.Api);
        var id = (long)group["id"]!;
        var server = await me.Api.CreateBootedServerAsync("member");
        (await me.Api.PutJsonAsync($"servers/{server}", new { group = (string)group["name"]! })).AssertOk();

        (await me.Api.DeleteJsonAsync($"groups/{id}")).AssertError(HttpStatusCode.Conflict, "nogroup");
        (await other.Api.DeleteJsonAsync($"groups/{id}")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().DeleteJsonAsync($"groups/{id}")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("groups/999999")).AssertError(HttpStatusCode.NotFound);

        // Terraform's destroy: move the server out with "nogroup", then delete.
        (await me.Api.PutJsonAsync($"servers/{server}", new { group = "nogroup" })).AssertOk();
        Assert.Single((await me.Api.DeleteJsonAsync($"groups/{id}")).AssertEnvelope());
        (await me.Api.GetJsonAsync($"groups/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"groups/{id}")).AssertError(HttpStatusCode.NotFound);
        Assert.Empty((await me.Api.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray());
    }

    [Fact]
    public async Task Group_login_sees_only_its_servers_and_none_of_the_account()
    {
        using var me = await fx.AccountAsync();
        var group = await CreateGroupAsync(me.Api, "team", "team-secret");
        var groupName = (string)group["name"]!;
        var inside = await me.Api.CreateBootedServerAsync("inside");
        var outside = await me.Api.CreateBootedServerAsync("outside");
        (await me.Api.PutJsonAsync($"servers/{inside}", new { group = groupName })).AssertOk();

        (await fx.Anonymous().PostJsonAsync("login", new { username = groupName, password = "wrong-secret" })).AssertError(HttpStatusCode.Unauthorized);
        var login = (await fx.Anonymous().PostJsonAsync("login", new { username = groupName, password = "team-secret" }))
            .AssertEnvelope("token:string", "expire:int");
        using var sub = fx.Server.BearerClient((string)login["token"]!);

        var list = (await sub.GetJsonAsync("servers")).AssertEnvelope("count:int", "server:array");
        Assert.Equal(1, (int)list["count"]!);
        Assert.Equal(inside, (string)Wire.AssertServer(list["server"]![0])["name"]!);
        Assert.Equal(groupName, (string)list["server"]![0]!["group"]!);
        (await sub.GetJsonAsync($"servers/{outside}")).AssertError(HttpStatusCode.NotFound);
        (await sub.GetJsonAsync($"servers/{inside}/status")).AssertOk();
        Assert.All((await sub.GetJsonAsync("actions")).AssertOk()["actions"]!.AsArray(), a => Assert.Equal(inside, (string)a!["resource"]!));

        foreach (var path in new[] { "groups", $"groups/{group["id"]}", "keys", "sshkeys", "account", "templates" })
            (await sub.GetJsonAsync(path)).AssertError(HttpStatusCode.Forbidden);
        (await sub.PostJsonAsync("keys", new { notes = "escape" })).AssertError(HttpStatusCode.Forbidden);
        (await sub.PostJsonAsync("groups", new { notes = "nested" })).AssertError(HttpStatusCode.Forbidden);
        (await sub.PutJsonAsync($"servers/{inside}", new { group = "nogroup" })).AssertError(HttpStatusCode.Forbidden);

        // What a group login creates lands in its group.
        var created = await sub.CreateServerAsync("made by the group");
        Assert.Equal(groupName, (string)created["server"]!["group"]!);
        Assert.Equal(2, (int)(await sub.GetJsonAsync("servers")).AssertOk()["count"]!);
    }

    [Fact]
    public async Task Group_login_cannot_boot_the_accounts_templates_it_cannot_see()
    {
        using var me = await fx.AccountAsync();
        var group = await CreateGroupAsync(me.Api, "team", "team-secret");
        var source = await me.Api.CreateBootedServerAsync("template source");
        var captured = (await me.Api.PostJsonAsync("templates", new { server = source })).AssertOk();
        await me.Api.WaitForActionAsync((long)captured["action_id"]!);
        var template = (string)captured["template"]!["name"]!;
        // The account itself boots its template.
        (await me.Api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = template, notes = "owner" })).AssertOk();

        using var sub = fx.Server.BearerClient(await fx.Server.LoginAsync((string)group["name"]!, "team-secret"));
        (await sub.GetJsonAsync("templates")).AssertError(HttpStatusCode.Forbidden);
        (await sub.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = template, notes = "from the group" }))
            .AssertError(HttpStatusCode.BadRequest, "unknown image");
        Assert.Equal(0, (int)(await sub.GetJsonAsync("servers")).AssertOk()["count"]!);
    }

    [Fact]
    public async Task A_group_without_a_password_has_no_login()
    {
        using var me = await fx.AccountAsync();
        var group = await CreateGroupAsync(me.Api, "no login");
        (await fx.Anonymous().PostJsonAsync("login", new { username = (string)group["name"]!, password = "anything-at-all" }))
            .AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_deleted_groups_token_stops_working()
    {
        using var me = await fx.AccountAsync();
        var group = await CreateGroupAsync(me.Api, "short-lived", "secret-1");
        using var sub = fx.Server.BearerClient(await fx.Server.LoginAsync((string)group["name"]!, "secret-1"));
        (await sub.GetJsonAsync("servers")).AssertOk();
        (await me.Api.DeleteJsonAsync($"groups/{group["id"]}")).AssertOk();
        (await sub.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
    }
}
