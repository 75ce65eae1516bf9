using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

public sealed class AuthTests
{
    [Fact]
    public async Task Login_is_rate_limited_per_client_and_username_with_retry_after()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginAttemptsPerWindow=3"]);
        using var anonymous = server.Client(null);
        for (var i = 0; i < 3; i++)
            (await anonymous.PostJsonAsync("login", new { username = "admin", password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized);

        var limited = await anonymous.PostAsJsonAsync("login", new { username = "admin", password = EcsServer.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 carries Retry-After in seconds");
        var body = await limited.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(429, (int)body!["error_code"]!);
        Assert.Equal("too_many_requests", (string)body["status"]!);

        // Another username from the same client is not held back by the first one's attempts.
        (await anonymous.PostJsonAsync("login", new { username = "someone-else", password = "whatever-pw" })).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_loopback_front_end_forwards_its_clients_address_and_throttling_keys_on_it()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginAttemptsPerWindow=2"]);
        using var first = server.Client(null);
        first.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
        for (var i = 0; i < 2; i++)
            (await first.PostJsonAsync("login", new { username = "admin", password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized);
        (await first.PostJsonAsync("login", new { username = "admin", password = "wrong-password" })).AssertError(HttpStatusCode.TooManyRequests);

        // Another user behind the same front end has a budget of its own, and so has the front end itself.
        using var second = server.Client(null);
        second.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.8");
        (await second.PostJsonAsync("login", new { username = "admin", password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized);
        using var direct = server.Client(null);
        (await direct.PostJsonAsync("login", new { username = "admin", password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_tokens_expire_on_the_servers_clock()
    {
        await using var server = await EcsServer.StartAsync(speed: "manual");
        var jwt = await server.LoginAsync("admin", EcsServer.AdminPassword);
        var claims = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(Pad(jwt.Split('.')[1]))))!;
        Assert.Equal("admin", (string)claims["username"]!);
        Assert.False(string.IsNullOrEmpty((string?)claims["email"]));
        Assert.Equal(4 * 3600, (long)claims["exp"]! - (long)claims["nbf"]!);

        using var client = server.BearerClient(jwt);
        (await client.GetJsonAsync("servers")).AssertOk();
        using var emulator = server.Emulator();
        (await emulator.PostJsonAsync("clock", new { advance_seconds = 4 * 3600 + 60 })).AssertOk();
        (await client.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        // The API token does not expire.
        (await server.Client().GetJsonAsync("servers")).AssertOk();
    }

    [Fact]
    public async Task Bad_tokens_are_401_in_the_error_shape()
    {
        await using var server = await EcsServer.StartAsync();
        var jwt = await server.LoginAsync("admin", EcsServer.AdminPassword);
        var parts = jwt.Split('.');
        var noneAlg = Convert.ToBase64String("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8.ToArray()).TrimEnd('=') + "." + parts[1] + ".";
        var tampered = parts[0] + "." + parts[1][..^2] + (parts[1][^2] == 'A' ? "BA" : "AA") + "." + parts[2];
        foreach (var token in new[] { "nope", new string('a', 96), noneAlg, tampered, parts[0] + "." + parts[1] + ".c2lnbmF0dXJl" })
        {
            using var client = server.BearerClient(token);
            (await client.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
            using var apiClient = server.Client(token);
            (await apiClient.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        }
        using var anonymous = server.Client(null);
        (await anonymous.GetJsonAsync($"servers?X-APITOKEN={EcsServer.AdminToken}")).AssertError(HttpStatusCode.Unauthorized);
        (await anonymous.GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Secrets_are_stored_only_hashed()
    {
        await using var server = await EcsServer.StartAsync();
        using var api = server.Client();
        var token = (string)(await api.PostJsonAsync("keys", new { notes = "hash check" })).AssertOk()["token"]!;
        Assert.Equal(96, token.Length);
        (await api.PostJsonAsync("groups", new { notes = "g", password = "group-secret-pw" })).AssertOk();

        await using var db = server.Database.Connect();
        await db.OpenAsync();
        var everything = new StringBuilder();
        foreach (var table in new[] { "Accounts", "ApiKeys", "Groups" })
        {
            await using var cmd = db.CreateCommand();
            cmd.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                for (var i = 0; i < reader.FieldCount; i++) everything.Append(reader.GetValue(i)).Append('|');
        }
        var dump = everything.ToString();
        Assert.DoesNotContain(token, dump);
        Assert.DoesNotContain(EcsServer.AdminToken, dump);
        Assert.DoesNotContain(EcsServer.AdminPassword, dump);
        Assert.DoesNotContain("group-secret-pw", dump);
        Assert.Contains("pbkdf2-sha256$", dump);
    }

    [Fact]
    public async Task A_bad_setting_stops_start_up_naming_the_key()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            EcsServer.StartAsync(settings: ["OpenEcs:Admin:Password=short"]));
        Assert.Contains("OpenEcs:Admin:Password", e.Message);
        var e2 = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            EcsServer.StartAsync(settings: ["OpenEcs:Limits:MaxBodyBytes=10"]));
        Assert.Contains("OpenEcs:Limits:MaxBodyBytes", e2.Message);
    }

    [Fact]
    public async Task OpenApi_document_and_health_answer_without_a_token()
    {
        await using var server = await EcsServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var doc = await http.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.StartsWith("3.", (string)doc!["openapi"]!);
        Assert.True(doc["paths"]!.AsObject().ContainsKey("/ecs/v2/servers"));
        Assert.Equal("ok", (string)(await http.GetFromJsonAsync<JsonObject>("/healthz"))!["status"]!);
    }

    private static string Pad(string base64Url)
    {
        var s = base64Url.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - s.Length % 4) % 4);
    }
}

public sealed class RateLimitTests
{
    [Fact]
    public async Task Each_account_has_its_own_request_budget_with_retry_after()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Limits:RequestsPerMinute=20"]);
        using var alice = await server.NewAccountAsync("alice");
        using var bob = await server.NewAccountAsync("bob");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 25; i++)
        {
            var response = await alice.GetAsync("servers");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) refused ??= response;
        }
        Assert.NotNull(refused);
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= 20);
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("20", refused.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("0", refused.Headers.GetValues("RateLimit-Remaining").Single());
        var body = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(429, (int)body!["error_code"]!);
        // Bob's budget is his own.
        (await bob.GetJsonAsync("servers")).AssertOk();
    }
}
