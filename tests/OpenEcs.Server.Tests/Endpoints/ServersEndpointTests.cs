using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/servers, /servers/{name}, its status, actions and metrics.</summary>
public sealed class ServersEndpointTests(FastMetricsFixture fx) : IClassFixture<FastMetricsFixture>
{
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 tests@openecs";

    private static JsonObject CreateBody(string plan = "eCS1", string location = "it-fr2", string image = "ubuntu-2204", string notes = "n") =>
        new() { ["plan"] = plan, ["location"] = location, ["image"] = image, ["notes"] = notes };

    [Fact]
    public async Task List_holds_the_accounts_servers_under_the_singular_key()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var empty = (await me.Api.GetJsonAsync("servers")).AssertEnvelope("count:int", "server:array");
        Assert.Equal(0, (int)empty["count"]!);

        var name = await me.Api.CreateBootedServerAsync("listed");
        await other.Api.CreateServerAsync("not mine");
        var list = (await me.Api.GetJsonAsync("servers")).AssertEnvelope("count:int", "server:array");
        Assert.Equal(1, (int)list["count"]!);
        var server = Wire.AssertServer(list["server"]!.AsArray().Single());
        Assert.Equal(name, (string)server["name"]!);
        Assert.Equal(me.Username, (string)server["user"]!);

        (await fx.Anonymous().GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("not-a-token").GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Server.BearerClient("a.b.c").GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.SendAsync(HttpMethod.Patch, "servers", new { })).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Create_answers_a_booting_server_that_then_boots()
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("sshkeys", new { key = Ed25519, label = "laptop" })).AssertOk();
        var group = (string)(await me.Api.PostJsonAsync("groups", new { notes = "g", password = "" })).AssertOk()["group"]!["name"]!;

        var body = CreateBody(plan: "eCS2", location: "it-mi2", image: "debian-12", notes: "web-1");
        body["ssh_key"] = "laptop";
        body["group"] = group;
        var created = (await me.Api.PostJsonAsync("servers", body)).AssertEnvelope("action_id:int", "server:object");
        var server = Wire.AssertServer(created["server"]);
        Assert.Equal("Booting", (string)server["status"]!);
        Assert.Equal("", (string)server["ipv4"]!);
        Assert.Equal("", (string)server["ipv6"]!);
        Assert.False((bool)server["active_flag"]!);
        Assert.Equal(0, (int)server["progress"]!);
        Assert.Null(server["deletion_date"]);
        Assert.Equal("web-1", (string)server["notes"]!);
        Assert.Equal(group, (string)server["group"]!);
        Assert.Equal("it-mi2", (string)server["location"]!);
        Assert.Equal("Milano", (string)server["location_label"]!);
        Assert.Equal("debian-12", (string)server["so"]!);
        Assert.Equal(("2", "2048", "40"), ((string)server["plan_size"]!["core"]!, (string)server["plan_size"]!["ram"]!, (string)server["plan_size"]!["disk"]!));
        Assert.Equal(me.Username, (string)server["user"]!);

        var action = await me.Api.WaitForActionAsync((long)created["action_id"]!);
        Wire.AssertAction(action, "create_server", (string)server["name"]!);
        Assert.Equal("ECS", (string)action["resource_type"]!);
        var booted = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{server["name"]}")).AssertEnvelope("server:object")["server"]);
        Assert.Equal("Booted", (string)booted["status"]!);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", (string)booted["ipv4"]!);
        Assert.NotEqual("", (string)booted["ipv6"]!);
        Assert.True((bool)booted["active_flag"]!);
        Assert.Equal(100, (int)booted["progress"]!);
    }

    public static TheoryData<string, string> BadCreateBodies => new()
    {
        { "{}", "plan is required" },
        { """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204"}""", "notes is required" },
        { """{"plan":"eCS1","location":"it-fr2","notes":"n"}""", "image is required" },
        { """{"plan":5,"location":"it-fr2","image":"ubuntu-2204","notes":"n"}""", "plan" },
        { """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":["n"]}""", "notes" },
        { """{"plan":"eCS1","location":"it-fr2",""", "not valid JSON" },
        { """{"plan":"eCS1","plan":"eCS2","location":"it-fr2","image":"ubuntu-2204","notes":"n"}""", "JSON" },
        { "[]", "JSON object" },
        { "null", "JSON object" },
        { """{"plan":"eCS99","location":"it-fr2","image":"ubuntu-2204","notes":"n"}""", "unknown plan" },
        { """{"plan":"eCS1","location":"us-nyc1","image":"ubuntu-2204","notes":"n"}""", "unknown location" },
        { """{"plan":"eCS2","location":"bg-sof1","image":"ubuntu-2204","notes":"n"}""", "not available" },
        { """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-9999","notes":"n"}""", "unknown image" },
        { """{"plan":"eCS1","location":"it-fr2","image":"windows-2022","notes":"n"}""", "Windows" },
        { """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"n","ssh_key":"nokey"}""", "ssh key" },
        { """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"n","group":"eg199999"}""", "unknown group" },
        { $$"""{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"{{new string('x', 256)}}"}""", "notes" },
        { """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"a\u0001b"}""", "control" },
        { $$"""{"plan":"{{new string('p', 65)}}","location":"it-fr2","image":"ubuntu-2204","notes":"n"}""", "plan" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task Create_rejects_a_bad_body_with_a_400_naming_the_problem(string body, string message)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.RawAsync(HttpMethod.Post, "servers", Wire.Text(body))).AssertError(HttpStatusCode.BadRequest, message);
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
    }

    [Fact]
    public async Task Create_without_credentials_or_with_a_huge_body_fails()
    {
        (await fx.Anonymous().PostJsonAsync("servers", CreateBody())).AssertError(HttpStatusCode.Unauthorized);
        using var me = await fx.AccountAsync();
        var huge = $$"""{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"n","user_customize":"{{new string('x', 1_100_000)}}"}""";
        (await me.Api.RawAsync(HttpMethod.Post, "servers", Wire.Text(huge))).AssertError(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Seed_create_example_is_a_400_without_its_missing_comma_and_a_200_with_it()
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("sshkeys", new { key = Ed25519, label = "public_key_label" })).AssertOk();
        using var jwt = fx.Server.BearerClient(await fx.Server.LoginAsync(me.Username, me.Password));
        const string seed = """
            {
                                    "plan": "ECS1",
                                    "location":"it-fr2",
                                    "image": "centos-7",
                                    "notes": "my first server"
                                    "ssh_key": "public_key_label"
                              }
            """;
        (await jwt.RawAsync(HttpMethod.Post, "servers", Wire.Text(seed))).AssertError(HttpStatusCode.BadRequest, "not valid JSON");

        var fixedSeed = seed.Replace("\"my first server\"", "\"my first server\",");
        var created = (await jwt.RawAsync(HttpMethod.Post, "servers", Wire.Text(fixedSeed))).AssertEnvelope("action_id:int", "server:object");
        Assert.Equal("my first server", (string)created["server"]!["notes"]!);
        Assert.Equal("centos-7", (string)created["server"]!["so"]!);
    }

    [Fact]
    public async Task Notes_round_trip_byte_for_byte()
    {
        using var me = await fx.AccountAsync();
        const string notes = "sky-3f2a-head \"quoted\" 'single' back\\slash <b>&amp;</b> ünïcödé 日本 🚀\ttab +00:00";
        var created = (await me.Api.PostJsonAsync("servers", CreateBody(notes: notes))).AssertOk();
        var name = (string)created["server"]!["name"]!;
        Assert.Equal(notes, (string)created["server"]!["notes"]!);
        Assert.Equal(notes, (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["notes"]!);
        Assert.Equal(notes, (string)(await me.Api.GetJsonAsync("servers")).AssertOk()["server"]![0]!["notes"]!);

        var changed = notes + " (renamed)";
        (await me.Api.PutJsonAsync($"servers/{name}", new { notes = changed })).AssertOk();
        Assert.Equal(changed, (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["notes"]!);
    }

    [Fact]
    public async Task Get_answers_one_server_of_the_account_only()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("one");
        var server = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertEnvelope("server:object")["server"]);
        Assert.Equal(name, (string)server["name"]!);

        (await me.Api.GetJsonAsync("servers/ec299999")).AssertError(HttpStatusCode.NotFound, "ec299999");
        (await other.Api.GetJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().GetJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.GetJsonAsync($"servers/{new string('x', 300)}")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_takes_notes_or_note_and_moves_the_server_between_groups()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("before");
        async Task<JsonNode> GetAsync() => (await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;

        var ok = (await me.Api.PutJsonAsync($"servers/{name}", new { notes = "by notes" })).AssertEnvelope();
        Assert.Single(ok);
        Assert.Equal("by notes", (string)(await GetAsync())["notes"]!);
        (await me.Api.PutJsonAsync($"servers/{name}", new { note = "by note" })).AssertEnvelope();
        Assert.Equal("by note", (string)(await GetAsync())["notes"]!);
        (await me.Api.PutJsonAsync($"servers/{name}", new { notes = "same", note = "same" })).AssertEnvelope();
        Assert.Equal("same", (string)(await GetAsync())["notes"]!);

        var group = (string)(await me.Api.PostJsonAsync("groups", new { notes = "g" })).AssertOk()["group"]!["name"]!;
        (await me.Api.PutJsonAsync($"servers/{name}", new { note = "grouped", group })).AssertEnvelope();
        var grouped = await GetAsync();
        Assert.Equal(group, (string)grouped["group"]!);
        Assert.Equal("grouped", (string)grouped["notes"]!);
        (await me.Api.PutJsonAsync($"servers/{name}", new { group = "nogroup" })).AssertEnvelope();
        var ungrouped = await GetAsync();
        Assert.Null(ungrouped["group"]);
        Assert.Equal("grouped", (string)ungrouped["notes"]!);
    }

    /// <summary>
    /// On the manual clock, so that the action is surely running (server loaded, clock stopped) while the edit lands:
    /// an edit of notes or group must neither be refused nor make the action fail.
    /// </summary>
    [Fact]
    public async Task Put_while_an_action_runs_leaves_the_action_alone()
    {
        await using var manual = await EcsServer.StartAsync(speed: "manual");
        using var api = manual.Client();
        using var emulator = manual.Emulator();
        async Task<JsonNode> FinishAsync(long id)
        {
            for (var i = 0; i < 60 && (string)(await api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!["status"]! == "in-progress"; i++)
            {
                (await emulator.PostJsonAsync("clock", new { advance_seconds = 1 })).AssertOk();
                await Task.Delay(20);
            }
            return await api.WaitForActionAsync(id);
        }

        var created = await api.CreateServerAsync("booting");
        var name = (string)created["server"]!["name"]!;
        await Task.Delay(200);
        (await api.PutJsonAsync($"servers/{name}", new { notes = "renamed while booting" })).AssertOk();
        await FinishAsync((long)created["action_id"]!);

        var off = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        await Task.Delay(200);
        var group = (string)(await api.PostJsonAsync("groups", new { notes = "g" })).AssertOk()["group"]!["name"]!;
        (await api.PutJsonAsync($"servers/{name}", new { note = "renamed while stopping", group })).AssertOk();
        await FinishAsync((long)off["id"]!);

        var server = (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;
        Assert.Equal(("Booted", "renamed while stopping", group), ((string)server["status"]!, (string)server["notes"]!, (string)server["group"]!));
        Assert.Equal("SHUTOFF", (string)(await api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);
    }

    [Fact]
    public async Task Put_rejects_bad_updates()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("stay");
        (await me.Api.PutJsonAsync($"servers/{name}", new { notes = "a", note = "b" })).AssertError(HttpStatusCode.BadRequest, "not both");
        (await me.Api.PutJsonAsync($"servers/{name}", new { })).AssertError(HttpStatusCode.BadRequest, "nothing to update");
        (await me.Api.PutJsonAsync($"servers/{name}", new { group = "eg199999" })).AssertError(HttpStatusCode.BadRequest, "unknown group");
        (await me.Api.PutJsonAsync($"servers/{name}", new { notes = new string('x', 256) })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PutJsonAsync($"servers/{name}", new { notes = 42 })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PutJsonAsync($"servers/{name}", "{\"notes\":")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await me.Api.PutJsonAsync("servers/ec299999", new { notes = "x" })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.PutJsonAsync($"servers/{name}", new { notes = "hijack" })).AssertError(HttpStatusCode.NotFound);
        var otherGroup = (string)(await other.Api.PostJsonAsync("groups", new { notes = "theirs" })).AssertOk()["group"]!["name"]!;
        (await me.Api.PutJsonAsync($"servers/{name}", new { group = otherGroup })).AssertError(HttpStatusCode.BadRequest, "unknown group");
        (await fx.Anonymous().PutJsonAsync($"servers/{name}", new { notes = "x" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal("stay", (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["notes"]!);
    }

    [Fact]
    public async Task Delete_answers_the_delete_action_and_the_server_goes()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("doomed");
        (await other.Api.DeleteJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().DeleteJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("servers/ec299999")).AssertError(HttpStatusCode.NotFound);

        var deleted = (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertEnvelope("action:object");
        var action = Wire.AssertAction(deleted["action"], "delete_server", name);
        Assert.Equal("ECS", (string)action["resource_type"]!);
        Assert.Equal("in-progress", (string)action["status"]!);
        Assert.Null(action["completed_at"]);

        await me.Api.WaitForActionAsync((long)action["id"]!);
        (await me.Api.GetJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);
        (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
    }

    [Fact]
    public async Task Status_is_answered_flat_and_nested()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("status");
        var status = (await me.Api.GetJsonAsync($"servers/{name}/status"))
            .AssertEnvelope("name:string", "current_status:string", "server:object");
        Assert.Equal(name, (string)status["name"]!);
        Assert.Equal("RUNNING", (string)status["current_status"]!);
        var nested = Wire.Shape(status["server"], "name:string", "current_status:string");
        Assert.Equal((name, "RUNNING"), ((string)nested["name"]!, (string)nested["current_status"]!));

        (await me.Api.GetJsonAsync("servers/ec299999/status")).AssertError(HttpStatusCode.NotFound);
        (await other.Api.GetJsonAsync($"servers/{name}/status")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().GetJsonAsync($"servers/{name}/status")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.PostJsonAsync($"servers/{name}/status", new { })).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Power_actions_answer_the_action_flat_and_nested()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("power");

        var off = (await me.Api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        Wire.AssertAction(off, "power_off", name);
        Wire.AssertAction(off["action"], "power_off", name);
        Assert.Equal((long)off["id"]!, (long)off["action"]!["id"]!);
        Assert.False(off.AsObject().ContainsKey("console_key"));
        await me.Api.WaitForActionAsync((long)off["id"]!);
        Assert.Equal("SHUTOFF", (string)(await me.Api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);
        Assert.Equal("Booted", (string)(await me.Api.GetJsonAsync("servers")).AssertOk()["server"]![0]!["status"]!);

        var on = (await me.Api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
        Wire.AssertAction(on, "power_on", name);
        Wire.AssertAction(on["action"], "power_on", name);
        await me.Api.WaitForActionAsync((long)on["id"]!);
        Assert.Equal("RUNNING", (string)(await me.Api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);
    }

    [Fact]
    public async Task Console_action_answers_a_key_and_a_websocket_url()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("console");
        var console = (await me.Api.PostJsonAsync($"servers/{name}/actions", new { type = "console" })).AssertOk();
        Wire.AssertAction(console, "console", name);
        Wire.AssertAction(console["action"], "console", name);
        var key = (string)console["console_key"]!;
        Assert.True(Guid.TryParse(key, out _), key);
        Assert.Equal($"ws://{fx.Server.BaseAddress.Authority}/ecs/v2/console/{key}", (string)console["console_url"]!);
    }

    [Fact]
    public async Task Server_actions_reject_bad_requests()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("acts");
        var path = $"servers/{name}/actions";
        (await me.Api.PostJsonAsync(path, new { })).AssertError(HttpStatusCode.BadRequest, "action type is required");
        (await me.Api.RawAsync(HttpMethod.Post, path)).AssertError(HttpStatusCode.BadRequest, "action type is required");
        (await me.Api.PostJsonAsync(path, new { type = "reboot" })).AssertError(HttpStatusCode.BadRequest, "unknown action type");
        (await me.Api.PostJsonAsync(path, new { type = "rollback" })).AssertError(HttpStatusCode.BadRequest, "snapshot is required");
        (await me.Api.PostJsonAsync(path, new { type = "rollback", snapshot = 999_999 })).AssertError(HttpStatusCode.NotFound, "snapshot");
        (await me.Api.PostJsonAsync(path, new { type = 1 })).AssertError(HttpStatusCode.BadRequest, "type");
        (await me.Api.PostJsonAsync(path, "{type:power_on}")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await me.Api.PostJsonAsync("servers/ec299999/actions", new { type = "power_off" })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.PostJsonAsync(path, new { type = "power_off" })).AssertError(HttpStatusCode.NotFound);
        (await other.Api.PostJsonAsync(path, new { type = "console" })).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().PostJsonAsync(path, new { type = "power_off" })).AssertError(HttpStatusCode.Unauthorized);
        Assert.Equal("RUNNING", (string)(await me.Api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);
    }

    [Fact]
    public async Task Metrics_series_hold_unix_seconds_and_value_strings()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("metrics");
        var body = await Http.EventuallyAsync(async () => (await me.Api.GetJsonAsync($"servers/{name}/metrics")).AssertEnvelope("metrics:object"),
            m => m["metrics"]!["core"]!.AsArray().Count > 0, "a metrics sample", timeoutMs: 10_000);
        var metrics = Wire.Shape(body["metrics"], "resource:string", "core:array", "disk:object", "network:object");
        Assert.Equal(name, (string)metrics["resource"]!);
        var disk = Wire.Shape(metrics["disk"], "reads:array", "writes:array");
        var network = Wire.Shape(metrics["network"], "received:array", "transmitted:array");
        foreach (var series in new[] { metrics["core"]!, disk["reads"]!, disk["writes"]!, network["received"]!, network["transmitted"]! })
        foreach (var point in series.AsArray())
        {
            var pair = point!.AsArray();
            Assert.Equal(2, pair.Count);
            Wire.AssertType(pair[0], "number", "point time");
            Assert.True(pair[0]!.GetValue<double>() > 1_500_000_000);
            Wire.AssertType(pair[1], "string", "point value");
            Assert.True(double.TryParse((string)pair[1]!, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        }

        var ty = Wire.Shape((await me.Api.GetJsonAsync($"servers/{name}/metrics?format=ty")).AssertEnvelope("metrics:object")["metrics"],
            "resource:string", "core:array", "disk:object", "network:object");
        var first = Wire.Shape(ty["core"]![0], "t:string", "y:string");
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", (string)first["t"]!);
        Assert.Matches(@"^\d+\.\d\d$", (string)first["y"]!);

        var window = $"start={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O"))}&end={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        Assert.NotEmpty((await me.Api.GetJsonAsync($"servers/{name}/metrics?{window}")).AssertOk()["metrics"]!["core"]!.AsArray());

        (await me.Api.GetJsonAsync($"servers/{name}/metrics?format=csv")).AssertError(HttpStatusCode.BadRequest, "format");
        (await me.Api.GetJsonAsync($"servers/{name}/metrics?start=yesterday")).AssertError(HttpStatusCode.BadRequest, "start");
        // The default window counts back an hour from end: the year 1 would underflow.
        (await me.Api.GetJsonAsync($"servers/{name}/metrics?end=0001-01-01T00:00:00Z")).AssertError(HttpStatusCode.BadRequest, "end");
        (await me.Api.GetJsonAsync($"servers/{name}/metrics?start=0001-01-01T00:00:00Z")).AssertError(HttpStatusCode.BadRequest, "start");
        (await me.Api.GetJsonAsync($"servers/{name}/metrics?start=2025-01-01T00:00:00Z&end=2025-03-01T00:00:00Z")).AssertError(HttpStatusCode.BadRequest, "window");
        (await me.Api.GetJsonAsync("servers/ec299999/metrics")).AssertError(HttpStatusCode.NotFound);
        (await other.Api.GetJsonAsync($"servers/{name}/metrics")).AssertError(HttpStatusCode.NotFound);
        (await fx.Anonymous().GetJsonAsync($"servers/{name}/metrics")).AssertError(HttpStatusCode.Unauthorized);
    }
}
