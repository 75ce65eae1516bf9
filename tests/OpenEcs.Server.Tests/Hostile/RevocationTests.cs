using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>
/// A stolen login token ends with a password change: every older token of the account (and of its groups' logins)
/// stops at once on the replica that took the change and within the credential cache's time on the others. API tokens
/// stay (the user lists and revokes them). A hosting deployment needs the current password for the change.
/// </summary>
public sealed class RevocationTests
{
    [Fact]
    public async Task A_password_change_ends_every_older_login_token_of_the_account_and_its_groups()
    {
        await using var server = await EcsServer.StartAsync();
        using var api = await server.NewAccountAsync("victim");
        var stolen = await server.LoginAsync("victim", "password-123");
        using var thief = server.BearerClient(stolen);
        (await thief.GetJsonAsync("servers")).AssertOk();
        var group = (string)(await api.PostJsonAsync("groups", new { notes = "team", password = "team-secret" })).AssertOk()["group"]!["name"]!;
        using var groupLogin = server.BearerClient(await server.LoginAsync(group, "team-secret"));
        (await groupLogin.GetJsonAsync("servers")).AssertOk();

        using var owner = server.BearerClient(await server.LoginAsync("victim", "password-123"));
        (await owner.PostJsonAsync("account", new { password = "a-new-password" })).AssertOk();

        (await thief.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await thief.PostJsonAsync("account", new { password = "thiefs-password" })).AssertError(HttpStatusCode.Unauthorized);
        (await thief.PostJsonAsync("keys", new { notes = "backdoor" })).AssertError(HttpStatusCode.Unauthorized);
        (await owner.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await groupLogin.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        // API tokens stay valid: listing and revoking them is the user's tool (README).
        (await api.GetJsonAsync("servers")).AssertOk();
        using var fresh = server.BearerClient(await server.LoginAsync("victim", "a-new-password"));
        (await fresh.GetJsonAsync("servers")).AssertOk();
        using var freshGroup = server.BearerClient(await server.LoginAsync(group, "team-secret"));
        (await freshGroup.GetJsonAsync("servers")).AssertOk();
    }

    [Fact]
    public async Task Current_password_is_checked_whenever_it_is_given()
    {
        await using var server = await EcsServer.StartAsync();
        using var api = await server.NewAccountAsync("checked");
        (await api.PostJsonAsync("account", new { password = "another-password", current_password = "not-the-password" }))
            .AssertError(HttpStatusCode.Forbidden, "current_password");
        await server.LoginAsync("checked", "password-123");
        (await api.PostJsonAsync("account", new { password = "another-password", current_password = "password-123" })).AssertOk();
        await server.LoginAsync("checked", "another-password");
    }

    [Fact]
    public async Task A_hosting_deployment_needs_the_current_password_to_change_it()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Emulator:Enabled=false"]);
        using var admin = server.BearerClient(await server.LoginAsync("admin", EcsServer.AdminPassword));
        (await admin.PostJsonAsync("account", new { password = "replaced-password" })).AssertError(HttpStatusCode.BadRequest, "current_password is required");
        (await admin.PostJsonAsync("account", new { password = "replaced-password", current_password = "wrong-password" }))
            .AssertError(HttpStatusCode.Forbidden, "current_password");
        (await admin.PostJsonAsync("account", new { password = "replaced-password", current_password = EcsServer.AdminPassword })).AssertOk();
        await server.LoginAsync("admin", "replaced-password");
        (await admin.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        // No emulator controls either.
        using var emulator = server.Emulator();
        Assert.Equal(HttpStatusCode.NotFound, (await emulator.PostAsync("reset", null)).StatusCode);
    }

    [Fact]
    public async Task A_group_logins_token_names_the_group_and_not_its_owner()
    {
        await using var server = await EcsServer.StartAsync();
        using var api = await server.NewAccountAsync("owner");
        var group = (string)(await api.PostJsonAsync("groups", new { notes = "team", password = "team-secret" })).AssertOk()["group"]!["name"]!;
        var payload = Payload(await server.LoginAsync(group, "team-secret"));
        Assert.Equal(group, (string)payload["username"]!);
        Assert.Equal("", (string)payload["email"]!);
        Assert.False(payload.ContainsKey("sub"), payload.ToJsonString());
        Assert.DoesNotContain("owner@example.com", payload.ToJsonString());
        // The account's own token still says who it is.
        var own = Payload(await server.LoginAsync("owner", "password-123"));
        Assert.Equal("owner@example.com", (string)own["email"]!);
    }

    [PostgresFact]
    public async Task On_two_replicas_an_older_token_ends_at_once_here_and_within_the_cache_time_there()
    {
        await using var database = await TestDatabase.CreateAsync();
        string[] settings = ["OpenEcs:Auth:CacheSeconds=2"];
        using var a = await ServerProcess.StartAsync(database, "instant", settings);
        using var b = await ServerProcess.StartAsync(database, "instant", settings);
        using (var emulator = new HttpClient { BaseAddress = new Uri(a.BaseAddress, "/_openecs/") })
        {
            emulator.DefaultRequestHeaders.Add("X-APITOKEN", EcsServer.AdminToken);
            (await emulator.PostJsonAsync("accounts", new { username = "roamer", password = "password-123", email = "roamer@example.com" })).AssertOk();
        }
        var stolen = await LoginAsync(a, "roamer", "password-123");
        using var onA = Bearer(a, stolen);
        using var onB = Bearer(b, stolen);
        (await onA.GetJsonAsync("servers")).AssertOk();
        (await onB.GetJsonAsync("servers")).AssertOk(); // B now remembers the token's account

        (await onA.PostJsonAsync("account", new { password = "a-new-password" })).AssertOk();
        (await onA.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        await Http.EventuallyAsync(async () => (await onB.GetJsonAsync("servers")).Status, s => s == HttpStatusCode.Unauthorized,
            "the old token to end on the other replica", timeoutMs: 10_000);
        // A token of the new password works on both at once, though B may still remember the old version.
        var fresh = await LoginAsync(a, "roamer", "a-new-password");
        using var freshOnB = Bearer(b, fresh);
        (await freshOnB.GetJsonAsync("servers")).AssertOk();
        using var freshOnA = Bearer(a, fresh);
        (await freshOnA.GetJsonAsync("servers")).AssertOk();
    }

    private static HttpClient Bearer(ServerProcess server, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "/ecs/v2/") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string> LoginAsync(ServerProcess server, string username, string password)
    {
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "/ecs/v2/") };
        return (string)(await client.PostJsonAsync("login", new { username, password })).AssertOk()["token"]!;
    }

    private static JsonObject Payload(string jwt)
    {
        var segment = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        segment = segment.PadRight(segment.Length + (4 - segment.Length % 4) % 4, '=');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(segment)))!.AsObject();
    }
}
