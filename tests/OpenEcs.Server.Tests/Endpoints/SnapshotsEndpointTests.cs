using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>A server with room for three snapshots, so that the limit is quick to reach.</summary>
public sealed class SmallSnapshotLimitFixture() : EcsServerFixture(["OpenEcs:Limits:MaxSnapshotsPerServer=3"]);

/// <summary>/servers/{name}/snapshots and /snapshots/{id}, and rollback through /servers/{name}/actions.</summary>
public sealed class SnapshotsEndpointTests(SmallSnapshotLimitFixture fx) : IClassFixture<SmallSnapshotLimitFixture>
{
    internal static readonly string[] Shape =
    [
        "id:int", "name:string", "user:string", "snapshot_parent:object?", "snapshot_parent_name:string?", "is_last_restored:bool",
        "protected:bool", "restoring:bool", "source_server:string", "status:string", "status_label:string", "uid:string",
        "description:string", "notes:string", "active_flag:bool", "size_on_disk:int?", "created_at:time", "updated_at:time",
        "deleted_at:time?", "api_version_value:int", "api_version:string",
    ];

    internal static JsonObject AssertSnapshot(JsonNode? node)
    {
        var snapshot = Wire.Shape(node, Shape);
        Assert.True(Guid.TryParse((string)snapshot["uid"]!, out _));
        Assert.Equal("v5", (string)snapshot["api_version"]!);
        var label = (string)snapshot["status_label"]!;
        Assert.Equal(label, (string)snapshot["status"]! switch { "CG" => "Creating", "CD" => "Created", "DE" => "Deleting", "DD" => "Deleted", var s => s });
        return snapshot;
    }

    /// <summary>A snapshot of the server, waited until created.</summary>
    internal static async Task<JsonObject> TakeAsync(HttpClient api, string server, string description = "my-first-snapshot", bool? isProtected = null)
    {
        var body = new JsonObject { ["description"] = description, ["notes"] = description };
        if (isProtected is { } p) body["protected"] = p;
        var created = (await api.PostJsonAsync($"servers/{server}/snapshots", body)).AssertEnvelope("snapshot:object", "action:object");
        await api.WaitForActionAsync((long)created["action"]!["id"]!);
        return AssertSnapshot((await api.GetJsonAsync($"servers/{server}/snapshots/{created["snapshot"]!["id"]}")).AssertOk()["snapshot"]);
    }

    [Fact]
    public async Task Create_takes_a_snapshot_through_an_snp_action()
    {
        using var me = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("snap");
        var created = (await me.Api.PostJsonAsync($"servers/{server}/snapshots", new { description = "my-first-snapshot", notes = "n1" }))
            .AssertEnvelope("snapshot:object", "action:object");
        var snapshot = AssertSnapshot(created["snapshot"]);
        Assert.Equal($"{server}-SNP-1", (string)snapshot["name"]!);
        Assert.Equal(("CG", "Creating"), ((string)snapshot["status"]!, (string)snapshot["status_label"]!));
        Assert.Equal((server, me.Username), ((string)snapshot["source_server"]!, (string)snapshot["user"]!));
        Assert.Equal(("my-first-snapshot", "n1"), ((string)snapshot["description"]!, (string)snapshot["notes"]!));
        Assert.True((bool)snapshot["protected"]!); // taken by hand: protected from retention, as the docs show it
        Assert.False((bool)snapshot["active_flag"]!);
        Assert.Null(snapshot["snapshot_parent"]);
        var action = Wire.AssertAction(created["action"], "create_snapshot", (string)snapshot["id"]!.ToJsonString());
        Assert.Equal("SNP", (string)action["resource_type"]!);

        await me.Api.WaitForActionAsync((long)action["id"]!);
        var done = AssertSnapshot((await me.Api.GetJsonAsync($"servers/{server}/snapshots/{snapshot["id"]}")).AssertEnvelope("snapshot:object")["snapshot"]);
        Assert.Equal(("CD", "Created"), ((string)done["status"]!, (string)done["status_label"]!));
        Assert.True((bool)done["active_flag"]!);
        Assert.True((long)done["size_on_disk"]! > 0);

        // The next one descends from it; the list holds both, in order.
        var second = await TakeAsync(me.Api, server, "second", isProtected: false);
        Assert.Equal($"{server}-SNP-2", (string)second["name"]!);
        Assert.False((bool)second["protected"]!);
        Assert.Equal((long)snapshot["id"]!, (long)AssertSnapshot(second["snapshot_parent"])["id"]!);
        Assert.Equal((string)snapshot["name"]!, (string)second["snapshot_parent_name"]!);
        var list = (await me.Api.GetJsonAsync($"servers/{server}/snapshots")).AssertEnvelope("snapshots:array")["snapshots"]!.AsArray();
        Assert.Equal([(long)snapshot["id"]!, (long)second["id"]!], list.Select(s => (long)AssertSnapshot(s)["id"]!));
    }

    [Fact]
    public async Task Create_rejects_bad_requests_and_stops_at_the_limit()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("limit");
        var path = $"servers/{server}/snapshots";
        (await me.Api.PostJsonAsync("servers/ec299999/snapshots", new { description = "d" })).AssertError(HttpStatusCode.NotFound, "ec299999");
        (await other.Api.PostJsonAsync(path, new { description = "d" })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync(path, new { description = new string('d', 256) })).AssertError(HttpStatusCode.BadRequest, "description");
        (await me.Api.PostJsonAsync(path, new { notes = 5 })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PostJsonAsync(path, new { @protected = "yes" })).AssertError(HttpStatusCode.BadRequest, "protected");
        (await me.Api.PostJsonAsync(path, "{\"description\": ")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await fx.Anonymous().PostJsonAsync(path, new { description = "d" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Empty((await me.Api.GetJsonAsync(path)).AssertOk()["snapshots"]!.AsArray());

        // No body at all is a snapshot with empty texts (never null).
        var bare = AssertSnapshot((await me.Api.RawAsync(HttpMethod.Post, path)).AssertOk()["snapshot"]);
        Assert.Equal(("", ""), ((string)bare["description"]!, (string)bare["notes"]!));
        await TakeAsync(me.Api, server, "2");
        await TakeAsync(me.Api, server, "3");
        (await me.Api.PostJsonAsync(path, new { description = "4" })).AssertError(HttpStatusCode.Forbidden, "at most 3 snapshots");
        Assert.Equal(3, (await me.Api.GetJsonAsync(path)).AssertOk()["snapshots"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get_and_list_see_the_accounts_snapshots_of_that_server_only()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("a");
        var another = await me.Api.CreateBootedServerAsync("b");
        var snapshot = await TakeAsync(me.Api, server);
        var id = (long)snapshot["id"]!;
        (await other.Api.GetJsonAsync($"servers/{server}/snapshots")).AssertError(HttpStatusCode.NotFound);
        (await other.Api.GetJsonAsync($"servers/{server}/snapshots/{id}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.GetJsonAsync($"servers/{another}/snapshots/{id}")).AssertError(HttpStatusCode.NotFound, "snapshot");
        (await me.Api.GetJsonAsync($"servers/{server}/snapshots/999999")).AssertError(HttpStatusCode.NotFound, "999999");
        (await me.Api.GetJsonAsync($"servers/{server}/snapshots/abc")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().GetJsonAsync($"servers/{server}/snapshots")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Empty((await me.Api.GetJsonAsync($"servers/{another}/snapshots")).AssertOk()["snapshots"]!.AsArray());

        var group = (await me.Api.PostJsonAsync("groups", new { notes = "g", password = "secret-1" })).AssertOk()["group"]!;
        (await me.Api.PutJsonAsync($"servers/{server}", new { group = (string)group["name"]! })).AssertOk();
        using var sub = fx.Server.BearerClient(await fx.Server.LoginAsync((string)group["name"]!, "secret-1"));
        (await sub.GetJsonAsync($"servers/{server}/snapshots")).AssertError(HttpStatusCode.Forbidden);
        (await sub.PostJsonAsync($"servers/{server}/actions", new { type = "rollback", snapshot = id })).AssertError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Patch_renames_and_protects()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("patch");
        var snapshot = await TakeAsync(me.Api, server, isProtected: false);
        var path = $"servers/{server}/snapshots/{snapshot["id"]}";
        var patched = AssertSnapshot((await me.Api.SendAsync(HttpMethod.Patch, path,
            new { description = "new-snap-description", notes = "new-snap-notes", @protected = true })).AssertEnvelope("snapshot:object")["snapshot"]);
        Assert.Equal(("new-snap-description", "new-snap-notes"), ((string)patched["description"]!, (string)patched["notes"]!));
        Assert.True((bool)patched["protected"]!);
        var notes = AssertSnapshot((await me.Api.SendAsync(HttpMethod.Patch, path, new { notes = "only" })).AssertOk()["snapshot"]);
        Assert.Equal(("new-snap-description", "only"), ((string)notes["description"]!, (string)notes["notes"]!));

        (await me.Api.SendAsync(HttpMethod.Patch, path, new { })).AssertError(HttpStatusCode.BadRequest, "nothing to update");
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { description = new string('x', 256) })).AssertError(HttpStatusCode.BadRequest, "description");
        (await me.Api.SendAsync(HttpMethod.Patch, path, new { @protected = 1 })).AssertError(HttpStatusCode.BadRequest, "protected");
        (await other.Api.SendAsync(HttpMethod.Patch, path, new { notes = "x" })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.SendAsync(HttpMethod.Patch, $"servers/{server}/snapshots/999999", new { notes = "x" })).AssertError(HttpStatusCode.NotFound);
        Assert.Equal("only", (string)(await me.Api.GetJsonAsync(path)).AssertOk()["snapshot"]!["notes"]!);
    }

    [Fact]
    public async Task Delete_answers_the_snapshot_and_its_delete_action()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("del");
        var snapshot = await TakeAsync(me.Api, server);
        var id = (long)snapshot["id"]!;
        var path = $"servers/{server}/snapshots/{id}";
        (await other.Api.DeleteJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"servers/{server}/snapshots/999999")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().DeleteJsonAsync(path)).AssertError(HttpStatusCode.Unauthorized);

        var deleted = (await me.Api.DeleteJsonAsync(path)).AssertEnvelope("snapshot:object", "action:object");
        var gone = AssertSnapshot(deleted["snapshot"]);
        Assert.Equal(("DE", false), ((string)gone["status"]!, (bool)gone["active_flag"]!));
        Wire.AssertType(gone["deleted_at"], "time", "deleted_at");
        var action = Wire.AssertAction(deleted["action"], "delete_snapshot", id.ToString());
        Assert.Equal("SNP", (string)action["resource_type"]!);
        var repeat = await me.Api.DeleteJsonAsync(path);
        if (repeat.Status == HttpStatusCode.OK) Assert.Equal((long)action["id"]!, (long)repeat.Body!["action"]!["id"]!);
        else repeat.AssertError(HttpStatusCode.NotFound);
        await me.Api.WaitForActionAsync((long)action["id"]!);
        (await me.Api.GetJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        Assert.Empty((await me.Api.GetJsonAsync($"servers/{server}/snapshots")).AssertOk()["snapshots"]!.AsArray());
        (await me.Api.PostJsonAsync($"servers/{server}/actions", new { type = "rollback", snapshot = id })).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Rollback_restores_a_snapshot_of_the_server_and_names_it_last_restored()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var server = await me.Api.CreateBootedServerAsync("rb");
        var another = await me.Api.CreateBootedServerAsync("rb2");
        var snapshot = await TakeAsync(me.Api, server);
        var id = (long)snapshot["id"]!;
        Assert.Null((await me.Api.GetJsonAsync($"servers/{server}")).AssertOk()["server"]!["last_restored_snapshot"]);

        var path = $"servers/{server}/actions";
        (await me.Api.PostJsonAsync($"servers/{another}/actions", new { type = "rollback", snapshot = id })).AssertError(HttpStatusCode.NotFound, "snapshot");
        (await other.Api.PostJsonAsync(path, new { type = "rollback", snapshot = id })).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync(path, new { type = "rollback", snapshot = "first" })).AssertError(HttpStatusCode.BadRequest, "snapshot");
        (await me.Api.PostJsonAsync(path, new { type = "rollback" })).AssertError(HttpStatusCode.BadRequest, "snapshot is required");

        // As ecsapi sends it: {type, snapshot}; it parses the answer as a bare action.
        var rollback = Wire.AssertAction((await me.Api.PostJsonAsync(path, new { type = "rollback", snapshot = id })).AssertOk(), "rollback", server);
        Assert.Equal("ECS", (string)rollback["resource_type"]!);
        await me.Api.WaitForActionAsync((long)rollback["id"]!);
        var restored = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{server}")).AssertOk()["server"]);
        var last = AssertSnapshot(restored["last_restored_snapshot"]);
        Assert.Equal(id, (long)last["id"]!);
        Assert.True((bool)last["is_last_restored"]!);
        Assert.False((bool)last["restoring"]!);
        Assert.Equal("Booted", (string)restored["status"]!);
        Assert.Equal("RUNNING", (string)(await me.Api.GetJsonAsync($"servers/{server}/status")).AssertOk()["current_status"]!);
        Assert.True((bool)(await me.Api.GetJsonAsync($"servers/{server}/snapshots/{id}")).AssertOk()["snapshot"]!["is_last_restored"]!);
        // A string id is read too (form posts).
        var again = (await me.Api.PostJsonAsync(path, new { type = "rollback", snapshot = id.ToString() })).AssertOk();
        await me.Api.WaitForActionAsync((long)again["id"]!);
        // The list shows it too, in the server's own shape.
        var listed = (await me.Api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray().Single(s => (string)s!["name"]! == server)!;
        Assert.Equal(id, (long)listed["last_restored_snapshot"]!["id"]!);
    }

    [Fact]
    public async Task A_snapshot_being_deleted_cannot_be_restored_and_a_server_delete_cancels_its_queue()
    {
        using var me = await fx.AccountAsync();
        using var admin = fx.Server.Emulator();
        var server = await me.Api.CreateBootedServerAsync("hang");
        var snapshot = await TakeAsync(me.Api, server);
        var id = (long)snapshot["id"]!;
        (await admin.PostJsonAsync("faults", new { action_type = "delete_snapshot", count = 1, mode = "hang" })).AssertOk();
        var delete = (await me.Api.DeleteJsonAsync($"servers/{server}/snapshots/{id}")).AssertOk();
        (await me.Api.PostJsonAsync($"servers/{server}/actions", new { type = "rollback", snapshot = id })).AssertError(HttpStatusCode.Conflict, "being deleted");
        // The server's snapshots wait in its queue: its delete cancels them and takes them along.
        var queued = (await me.Api.PostJsonAsync($"servers/{server}/snapshots", new { description = "queued" })).AssertOk();
        var serverDelete = (await me.Api.DeleteJsonAsync($"servers/{server}")).AssertOk();
        var serverDeleteId = (long)serverDelete["action"]!["id"]!;
        var hung = await me.Api.WaitForActionAsync((long)delete["action"]!["id"]!, "failed");
        Assert.Equal($"cancelled by delete_server {serverDeleteId}", (string)hung["message"]!);
        var cancelled = await me.Api.WaitForActionAsync((long)queued["action"]!["id"]!, "failed");
        Assert.Equal($"cancelled by delete_server {serverDeleteId}", (string)cancelled["message"]!);
        await me.Api.WaitForActionAsync(serverDeleteId);
        (await me.Api.GetJsonAsync($"servers/{server}/snapshots")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.PostJsonAsync("templates", new { snapshot = id })).AssertError(HttpStatusCode.BadRequest, "unknown snapshot");
    }

    [Fact]
    public async Task A_failed_snapshot_leaves_no_row_that_looks_usable()
    {
        using var me = await fx.AccountAsync();
        using var admin = fx.Server.Emulator();
        var server = await me.Api.CreateBootedServerAsync("fault");
        (await admin.PostJsonAsync("faults", new { action_type = "create_snapshot", count = 1, message = "disk on fire" })).AssertOk();
        var created = (await me.Api.PostJsonAsync($"servers/{server}/snapshots", new { description = "doomed" })).AssertOk();
        var action = await me.Api.WaitForActionAsync((long)created["action"]!["id"]!, "failed");
        Assert.Equal("disk on fire", (string)action["message"]!);
        (await me.Api.GetJsonAsync($"servers/{server}/snapshots/{created["snapshot"]!["id"]}")).AssertError(HttpStatusCode.NotFound);
        Assert.Empty((await me.Api.GetJsonAsync($"servers/{server}/snapshots")).AssertOk()["snapshots"]!.AsArray());
        (await me.Api.PostJsonAsync($"servers/{server}/actions", new { type = "rollback", snapshot = (long)created["snapshot"]!["id"]! }))
            .AssertError(HttpStatusCode.NotFound);
        // The next one is fine (and numbered on: names are never reused).
        Assert.Equal($"{server}-SNP-2", (string)(await TakeAsync(me.Api, server))["name"]!);
    }
}
