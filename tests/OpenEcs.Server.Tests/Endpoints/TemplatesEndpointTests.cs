using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/templates and /templates/{id or name}: capture from a server, update, delete.</summary>
public sealed class TemplatesEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    /// <summary>A template of a fresh booted server, waited until Created.</summary>
    private static async Task<JsonObject> CreatedTemplateAsync(HttpClient api, string notes = "tpl notes", string description = "tpl description")
    {
        var server = await api.CreateBootedServerAsync("source");
        var created = (await api.PostJsonAsync("templates", new { server, notes, description })).AssertOk();
        await api.WaitForActionAsync((long)created["action_id"]!);
        return (await api.GetJsonAsync($"templates/{created["template"]!["id"]}")).AssertOk()["template"]!.AsObject();
    }

    [Fact]
    public async Task Create_captures_a_booted_server()
    {
        using var me = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("source");
        var created = (await me.Api.PostJsonAsync("templates", new { server, notes = "n1", description = "d1" }))
            .AssertEnvelope("action_id:int", "template:object");
        var template = Wire.AssertImage(created["template"]);
        Assert.Matches(@"^ei2\d{5}$", (string)template["name"]!);
        Assert.Equal("Creating", (string)template["status"]!);
        Assert.False((bool)template["active_flag"]!);
        Assert.False((bool)template["public"]!);
        Assert.False((bool)template["cloud_image"]!);
        Assert.Equal(("n1", "d1"), ((string)template["notes"]!, (string)template["description"]!));
        Assert.Equal("ubuntu", (string)template["so_base"]!);

        var action = await me.Api.WaitForActionAsync((long)created["action_id"]!);
        Wire.AssertAction(action, "create_template", (string)template["name"]!);
        Assert.Equal("ECI", (string)action["resource_type"]!);

        var byId = Wire.AssertImage((await me.Api.GetJsonAsync($"templates/{template["id"]}")).AssertEnvelope("template:object")["template"]);
        Assert.Equal("Created", (string)byId["status"]!);
        Assert.True((bool)byId["active_flag"]!);
        var byName = (await me.Api.GetJsonAsync($"templates/{template["name"]}")).AssertEnvelope("template:object")["template"]!;
        Assert.Equal(byId.ToJsonString(), byName.ToJsonString());

        var list = (await me.Api.GetJsonAsync("templates")).AssertEnvelope("templates:array");
        Wire.AssertImage(Assert.Single(list["templates"]!.AsArray()));

        // A template is an image of its account.
        var fromTemplate = await me.Api.CreateServerAsync("from template", image: (string)template["name"]!);
        await me.Api.WaitForActionAsync((long)fromTemplate["action_id"]!);
    }

    [Fact]
    public async Task Create_rejects_bad_requests()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var theirs = await other.Api.CreateBootedServerAsync("theirs");
        var mine = await me.Api.CreateBootedServerAsync("mine");
        (await me.Api.PostJsonAsync("templates", new { notes = "no server" })).AssertError(HttpStatusCode.BadRequest, "server is required");
        (await me.Api.PostJsonAsync("templates", new { server = "ec299999" })).AssertError(HttpStatusCode.BadRequest, "unknown server");
        (await me.Api.PostJsonAsync("templates", new { server = theirs })).AssertError(HttpStatusCode.BadRequest, "unknown server");
        (await me.Api.PostJsonAsync("templates", new { server = 5 })).AssertError(HttpStatusCode.BadRequest, "server");
        (await me.Api.PostJsonAsync("templates", new { server = mine, notes = new string('x', 256) })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PostJsonAsync("templates", new { server = mine, description = new string('x', 256) })).AssertError(HttpStatusCode.BadRequest, "description");
        (await me.Api.PostJsonAsync("templates", "{\"server\"")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await fx.Anonymous().PostJsonAsync("templates", new { server = mine })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Empty((await me.Api.GetJsonAsync("templates")).AssertOk()["templates"]!.AsArray());
    }

    [Fact]
    public async Task A_snapshot_becomes_a_template_as_ecsapi_sends_it()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("source");
        var snapshot = await SnapshotsEndpointTests.TakeAsync(me.Api, server);
        var id = (long)snapshot["id"]!;
        // ecsapi's create_template(snapshot=...) sends the server as null beside the snapshot.
        var created = (await me.Api.PostJsonAsync("templates", new JsonObject
            { ["notes"] = "created by ecsapi", ["description"] = "from a snapshot", ["snapshot"] = id, ["server"] = null }))
            .AssertEnvelope("action_id:int", "template:object");
        var template = Wire.AssertImage(created["template"]);
        Assert.Equal("Creating", (string)template["status"]!);
        await me.Api.WaitForActionAsync((long)created["action_id"]!);
        Assert.Equal("Created", (string)(await me.Api.GetJsonAsync($"templates/{template["id"]}")).AssertOk()["template"]!["status"]!);
        var fromTemplate = await me.Api.CreateServerAsync("from a snapshot's template", image: (string)template["name"]!);
        await me.Api.WaitForActionAsync((long)fromTemplate["action_id"]!);
        // The snapshot can go: the template is its own.
        var deleted = (await me.Api.DeleteJsonAsync($"servers/{server}/snapshots/{id}")).AssertOk();
        await me.Api.WaitForActionAsync((long)deleted["action"]!["id"]!);
        Assert.Equal("Created", (string)(await me.Api.GetJsonAsync($"templates/{template["id"]}")).AssertOk()["template"]!["status"]!);

        (await me.Api.PostJsonAsync("templates", new { server, snapshot = id })).AssertError(HttpStatusCode.BadRequest, "not both");
        (await me.Api.PostJsonAsync("templates", new { snapshot = id })).AssertError(HttpStatusCode.BadRequest, "unknown snapshot");
        (await me.Api.PostJsonAsync("templates", new { snapshot = 999_999 })).AssertError(HttpStatusCode.BadRequest, "unknown snapshot");
        (await me.Api.PostJsonAsync("templates", new { snapshot = "latest" })).AssertError(HttpStatusCode.BadRequest, "snapshot");
        var mine = (long)(await SnapshotsEndpointTests.TakeAsync(me.Api, server, "kept"))["id"]!;
        (await other.Api.PostJsonAsync("templates", new { snapshot = mine })).AssertError(HttpStatusCode.BadRequest, "unknown snapshot");
        Assert.Empty((await other.Api.GetJsonAsync("templates")).AssertOk()["templates"]!.AsArray());
    }

    [Fact]
    public async Task Get_and_list_see_the_accounts_templates_only()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var template = await CreatedTemplateAsync(me.Api);
        Assert.Empty((await other.Api.GetJsonAsync("templates")).AssertEnvelope("templates:array")["templates"]!.AsArray());
        (await other.Api.GetJsonAsync($"templates/{template["id"]}")).AssertError(HttpStatusCode.NotFound);
        (await other.Api.GetJsonAsync($"templates/{template["name"]}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync("templates/999999")).AssertError(HttpStatusCode.NotFound, "999999");
        (await me.Api.GetJsonAsync("templates/ei299999")).AssertError(HttpStatusCode.NotFound, "ei299999");
        (await fx.Anonymous().GetJsonAsync($"templates/{template["id"]}")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Anonymous().GetJsonAsync("templates")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("not-a-token").GetJsonAsync("templates")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("templates")).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Put_and_patch_update_notes_and_description()
    {
        using var me = await fx.AccountAsync();
        var template = await CreatedTemplateAsync(me.Api);
        var id = (long)template["id"]!;

        var put = Wire.AssertImage((await me.Api.PutJsonAsync($"templates/{id}", new { notes = "patched notes", description = "patched description" }))
            .AssertEnvelope("template:object")["template"]);
        Assert.Equal(("patched notes", "patched description"), ((string)put["notes"]!, (string)put["description"]!));

        var patch = Wire.AssertImage((await me.Api.SendAsync(HttpMethod.Patch, $"templates/{template["name"]}", new { description = "only this" }))
            .AssertEnvelope("template:object")["template"]);
        Assert.Equal(("patched notes", "only this"), ((string)patch["notes"]!, (string)patch["description"]!));
        Assert.Equal("only this", (string)(await me.Api.GetJsonAsync($"templates/{id}")).AssertOk()["template"]!["description"]!);
    }

    [Fact]
    public async Task Put_and_patch_reject_bad_updates()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var template = await CreatedTemplateAsync(me.Api);
        var id = (long)template["id"]!;
        (await me.Api.PutJsonAsync($"templates/{id}", new { })).AssertError(HttpStatusCode.BadRequest, "nothing to update");
        (await me.Api.SendAsync(HttpMethod.Patch, $"templates/{id}", new { notes = new string('x', 256) })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PutJsonAsync($"templates/{id}", new { description = false })).AssertError(HttpStatusCode.BadRequest, "description");
        (await me.Api.PutJsonAsync($"templates/{id}", "notes=x")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await me.Api.PutJsonAsync("templates/999999", new { notes = "x" })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.PutJsonAsync($"templates/{id}", new { notes = "x" })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.SendAsync(HttpMethod.Patch, $"templates/{template["name"]}", new { notes = "x" })).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().PutJsonAsync($"templates/{id}", new { notes = "x" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal("tpl notes", (string)(await me.Api.GetJsonAsync($"templates/{id}")).AssertOk()["template"]!["notes"]!);
    }

    [Fact]
    public async Task Delete_answers_the_delete_action_and_the_template_goes()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var template = await CreatedTemplateAsync(me.Api);
        var name = (string)template["name"]!;
        (await other.Api.DeleteJsonAsync($"templates/{name}")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().DeleteJsonAsync($"templates/{name}")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("templates/ei299999")).AssertError(HttpStatusCode.NotFound);

        var deleted = (await me.Api.DeleteJsonAsync($"templates/{template["id"]}")).AssertEnvelope("action:object");
        var action = Wire.AssertAction(deleted["action"], "delete_template", name);
        Assert.Equal("ECI", (string)action["resource_type"]!);
        Assert.Equal("in-progress", (string)action["status"]!);
        // A repeat answers the same delete while it runs (instant speed may already have finished it: then a 404).
        var repeat = await me.Api.DeleteJsonAsync($"templates/{name}");
        if (repeat.Status == HttpStatusCode.OK) Assert.Equal((long)action["id"]!, (long)repeat.Body!["action"]!["id"]!);
        else repeat.AssertError(HttpStatusCode.NotFound);

        await me.Api.WaitForActionAsync((long)action["id"]!);
        (await me.Api.GetJsonAsync($"templates/{name}")).AssertError(HttpStatusCode.NotFound);
        Assert.Empty((await me.Api.GetJsonAsync("templates")).AssertOk()["templates"]!.AsArray());
        (await me.Api.PostJsonAsync("servers", new { plan = "eCS1", location = "it-fr2", image = name, notes = "n" }))
            .AssertError(HttpStatusCode.BadRequest, "unknown image");
    }
}
