using System.Net;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>The emulator controls under /_openecs: health, reset, clock, faults, accounts.</summary>
public sealed class EmulatorEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private HttpClient Admin() => fx.Server.Emulator();

    /// <summary>The emulator controls as some caller other than the admin (null: no credentials).</summary>
    private HttpClient EmulatorAs(string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(fx.Server.BaseAddress, "/_openecs/") };
        if (token is not null) client.DefaultRequestHeaders.Add("X-APITOKEN", token);
        return client;
    }

    /// <summary>Each admin endpoint refuses anonymous callers (401) and ordinary accounts (403).</summary>
    [Theory]
    [InlineData("POST", "reset")]
    [InlineData("GET", "clock")]
    [InlineData("POST", "clock")]
    [InlineData("GET", "faults")]
    [InlineData("POST", "faults")]
    [InlineData("DELETE", "faults")]
    [InlineData("POST", "accounts")]
    [InlineData("GET", "accounts")]
    public async Task Admin_endpoints_need_the_admin(string method, string path)
    {
        using var me = await fx.AccountAsync();
        var verb = new HttpMethod(method);
        (await EmulatorAs(null).SendAsync(verb, path, new { })).AssertError(HttpStatusCode.Unauthorized);
        (await EmulatorAs("not-a-valid-token").SendAsync(verb, path, new { })).AssertError(HttpStatusCode.Unauthorized);
        (await EmulatorAs(me.Token).SendAsync(verb, path, new { })).AssertError(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Health_is_open_to_anyone()
    {
        var health = (await EmulatorAs(null).GetJsonAsync("health"))
            .AssertEnvelope("speed:string", "hypervisor:string", "store:string", "actions_running:int", "now:time");
        Assert.Equal("instant", (string)health["speed"]!);
        Assert.Equal("simulated", (string)health["hypervisor"]!);
        Assert.Contains(TestDatabase.IsPostgres ? "PostgreSQL" : "Sqlite", (string)health["store"]!);
        (await EmulatorAs(null).PostJsonAsync("health")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await EmulatorAs(null).DeleteJsonAsync("health")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await EmulatorAs(null).GetJsonAsync("healthcheck")).AssertError(HttpStatusCode.NotFound);
        (await Admin().GetJsonAsync("reset")).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Reset_forgets_resources_but_keeps_accounts_and_tokens()
    {
        using var me = await fx.AccountAsync();
        await me.Api.CreateBootedServerAsync("before reset");
        var group = (string)(await me.Api.PostJsonAsync("groups", new { notes = "g" })).AssertOk()["group"]!["name"]!;
        // A server in a group: the group's row may go only after the server's.
        (await me.Api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2404", notes = "grouped", group })).AssertOk();
        (await me.Api.PostJsonAsync("sshkeys", new { key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEm k", label = "k" })).AssertOk();
        (await Admin().PostJsonAsync("faults", new { action_type = "power_on", count = 3 })).AssertOk();

        Assert.Single((await Admin().PostJsonAsync("reset")).AssertEnvelope());
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("servers")).AssertOk()["count"]!);
        Assert.Equal(0, (int)(await me.Api.GetJsonAsync("actions")).AssertOk()["total_actions"]!);
        Assert.Empty((await me.Api.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray());
        Assert.Empty((await me.Api.GetJsonAsync("sshkeys")).AssertOk()["pubkeys"]!.AsArray());
        Assert.Empty((await Admin().GetJsonAsync("faults")).AssertOk()["faults"]!.AsArray());
        await fx.Server.LoginAsync(me.Username, me.Password);
        await me.Api.CreateBootedServerAsync("after reset");
    }

    [Fact]
    public async Task Clock_reads_the_time_and_moves_only_at_manual_speed()
    {
        var clock = (await Admin().GetJsonAsync("clock")).AssertEnvelope("now:time", "speed:string");
        Assert.Equal("instant", (string)clock["speed"]!);
        Assert.InRange(DateTimeOffset.Parse((string)clock["now"]!), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        using var adminJwt = new HttpClient { BaseAddress = Admin().BaseAddress };
        adminJwt.DefaultRequestHeaders.Authorization = new("Bearer", await fx.Server.LoginAsync("admin", EcsServer.AdminPassword));
        (await adminJwt.GetJsonAsync("clock")).AssertOk();

        (await Admin().PostJsonAsync("clock", new { advance_seconds = 60 })).AssertError(HttpStatusCode.Conflict, "manual");
        (await Admin().PostJsonAsync("clock", new { advance_seconds = "soon" })).AssertError(HttpStatusCode.BadRequest, "advance_seconds");
        (await Admin().PostJsonAsync("clock", new { set_to = "tomorrow" })).AssertError(HttpStatusCode.BadRequest, "set_to");
        (await Admin().PostJsonAsync("clock", "{\"advance_seconds\":")).AssertError(HttpStatusCode.BadRequest, "JSON");
    }

    [Fact]
    public async Task A_create_fault_fails_the_next_create_with_its_message()
    {
        using var me = await fx.AccountAsync();
        var armed = (await Admin().PostJsonAsync("faults", new { action_type = "create_server", count = 1 })).AssertEnvelope("faults:array");
        var rule = Wire.Shape(Assert.Single(armed["faults"]!.AsArray()), "action_type:string", "count:int?", "probability:number?", "message:string");
        Assert.Equal(("create_server", 1), ((string)rule["action_type"]!, (int)rule["count"]!));
        Assert.Null(rule["probability"]);

        var created = await me.Api.CreateServerAsync("doomed");
        var name = (string)created["server"]!["name"]!;
        var action = await me.Api.WaitForActionAsync((long)created["action_id"]!, "failed");
        Assert.Equal((string)rule["message"]!, (string)action["message"]!);
        Assert.Contains("injected fault", (string)action["message"]!);
        Wire.AssertType(action["completed_at"], "time", "completed_at");
        var failed = Wire.AssertServer((await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]);
        Assert.Equal("Failed", (string)failed["status"]!);
        Assert.Equal("", (string)failed["ipv4"]!);
        Assert.False((bool)failed["active_flag"]!);
        Assert.Empty((await Admin().GetJsonAsync("faults")).AssertEnvelope("faults:array")["faults"]!.AsArray());

        // A failed server can do nothing but go away: a power action is taken (clients do not read the status code)
        // and fails, saying why; there is no console to open and no disk to take a template of.
        var powerOn = (await me.Api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
        Assert.Contains("Failed", (string)(await me.Api.WaitForActionAsync((long)powerOn["id"]!, "failed"))["message"]!);
        (await me.Api.PostJsonAsync($"servers/{name}/actions", new { type = "console" })).AssertError(HttpStatusCode.Conflict, "Failed");
        (await me.Api.PostJsonAsync("templates", new { server = name })).AssertError(HttpStatusCode.Conflict, "Failed");
        var delete = (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
        await me.Api.WaitForActionAsync((long)delete["action"]!["id"]!);
        (await me.Api.GetJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);

        // The fault was used up: the next create succeeds.
        await me.Api.CreateBootedServerAsync("fine");
    }

    [Fact]
    public async Task Faults_take_a_message_or_a_probability_and_can_be_cleared()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("target");
        (await Admin().PostJsonAsync("faults", new { action_type = "power_off", count = 1, message = "disk on fire" })).AssertOk();
        var off = (await me.Api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        Assert.Equal("disk on fire", (string)(await me.Api.WaitForActionAsync((long)off["id"]!, "failed"))["message"]!);
        Assert.Equal("RUNNING", (string)(await me.Api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);

        (await Admin().PostJsonAsync("faults", new { action_type = "delete_server", probability = 1.0 })).AssertOk();
        var delete = (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
        await me.Api.WaitForActionAsync((long)delete["action"]!["id"]!, "failed");
        Assert.Equal("Booted", (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["status"]!);
        var listed = (await Admin().GetJsonAsync("faults")).AssertOk()["faults"]!.AsArray();
        Assert.Equal(1.0, (double)Assert.Single(listed)!["probability"]!);

        Assert.Single((await Admin().DeleteJsonAsync("faults")).AssertEnvelope());
        Assert.Empty((await Admin().GetJsonAsync("faults")).AssertOk()["faults"]!.AsArray());
        var again = (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
        await me.Api.WaitForActionAsync((long)again["action"]!["id"]!);
    }

    [Theory]
    [InlineData("""{"action_type":"reboot_server","count":1}""", "unknown action type")]
    [InlineData("""{"count":1}""", "action_type is required")]
    [InlineData("""{"action_type":"create_server"}""", "either count")]
    [InlineData("""{"action_type":"create_server","count":1,"probability":0.5}""", "either count")]
    [InlineData("""{"action_type":"create_server","count":0}""", "count")]
    [InlineData("""{"action_type":"create_server","probability":2}""", "probability")]
    [InlineData("""{"action_type":"create_server","count":"one"}""", "count")]
    [InlineData("""{"action_type":"create_server","count":1""", "JSON")]
    public async Task Faults_reject_bad_rules(string body, string message)
    {
        (await Admin().RawAsync(HttpMethod.Post, "faults", Wire.Text(body))).AssertError(HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Accounts_are_created_by_the_admin()
    {
        var created = (await Admin().PostJsonAsync("accounts", new { username = "made-by-admin", password = "password-123", email = "m@example.com" }))
            .AssertEnvelope("id:int", "username:string", "email:string");
        Assert.Equal(("made-by-admin", "m@example.com"), ((string)created["username"]!, (string)created["email"]!));
        using var jwt = fx.Server.BearerClient(await fx.Server.LoginAsync("made-by-admin", "password-123"));
        Assert.Equal("m@example.com", (string)(await jwt.GetJsonAsync("account")).AssertOk()["email"]!);

        (await Admin().PostJsonAsync("accounts", new { username = "made-by-admin", password = "password-123", email = "m@example.com" }))
            .AssertError(HttpStatusCode.Conflict, "already exists");

        var listed = (await Admin().GetJsonAsync("accounts")).AssertOk()["accounts"]!.AsArray();
        Assert.Equal("admin", (string)listed[0]!["username"]!);
        Assert.True((bool)listed[0]!["admin"]!);
        var made = Assert.Single(listed, a => (string)a!["username"]! == "made-by-admin")!;
        Assert.Equal(((long)created["id"]!, "m@example.com", false), ((long)made["id"]!, (string)made["email"]!, (bool)made["admin"]!));
        Assert.DoesNotContain("password", made.ToJsonString());
        Assert.True(DateTimeOffset.TryParse((string)made["created_at"]!, out _));
    }

    [Theory]
    [InlineData("""{"username":"bad name","password":"password-123","email":"a@b.c"}""", "username")]
    [InlineData("""{"username":"eg100001","password":"password-123","email":"a@b.c"}""", "reserved")]
    [InlineData("""{"username":"shortpw","password":"short","email":"a@b.c"}""", "password")]
    [InlineData("""{"username":"bademail","password":"password-123","email":"nowhere"}""", "email")]
    [InlineData("""{"username":"noemail","password":"password-123"}""", "email is required")]
    [InlineData("""{"password":"password-123","email":"a@b.c"}""", "username is required")]
    [InlineData("""{"username":["x"],"password":"password-123","email":"a@b.c"}""", "username")]
    public async Task Accounts_reject_bad_bodies(string body, string message)
    {
        (await Admin().RawAsync(HttpMethod.Post, "accounts", Wire.Text(body))).AssertError(HttpStatusCode.BadRequest, message);
    }
}
