using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Panel.Api;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>
/// Login is no CPU lever: password work runs under one limit, made-up usernames share their client's budget, a
/// client is its address as the configured proxies say (IPv6 by /64, loopback as one), and only failures count.
/// </summary>
public sealed class LoginFloodTests
{
    private static Task<(HttpStatusCode Status, System.Text.Json.Nodes.JsonNode? Body)> LoginAsync(
        HttpClient anonymous, string username, string password, string? forwardedFor = null, string? frontEndKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "login") { Content = System.Net.Http.Json.JsonContent.Create(new { username, password }) };
        if (forwardedFor is not null) request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        if (frontEndKey is not null) request.Headers.TryAddWithoutValidation(FrontEndKey.Header, frontEndKey);
        return SendAsync(anonymous, request);
    }

    private static async Task<(HttpStatusCode, System.Text.Json.Nodes.JsonNode?)> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        using (var response = await client.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? null : System.Text.Json.Nodes.JsonNode.Parse(text));
        }
    }

    [Fact]
    public async Task Made_up_usernames_share_their_clients_budget()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginFailuresPerClient=5"]);
        using var anonymous = server.Client(null);
        for (var i = 0; i < 5; i++)
            (await LoginAsync(anonymous, $"nobody-{i}", "wrong-password")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "nobody-else", "wrong-password")).AssertError(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Successful_logins_do_not_count_against_the_budget()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginAttemptsPerWindow=3"]);
        using var anonymous = server.Client(null);
        for (var i = 0; i < 10; i++) (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword)).AssertOk();
        for (var i = 0; i < 3; i++) (await LoginAsync(anonymous, "admin", "wrong-password")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword)).AssertError(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Forwarded_addresses_count_only_from_configured_proxies()
    {
        // Not configured: a client cannot buy fresh budgets by naming another address.
        await using (var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginAttemptsPerWindow=2"]))
        {
            using var anonymous = server.Client(null);
            for (var i = 0; i < 2; i++) (await LoginAsync(anonymous, "admin", "wrong-password", $"198.51.100.{i}")).AssertError(HttpStatusCode.Unauthorized);
            (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.77")).AssertError(HttpStatusCode.TooManyRequests);
        }
        // Loopback is the configured proxy: each forwarded client has its own budget, and one attacker locks out no one else.
        await using (var server = await EcsServer.StartAsync(settings:
                     ["OpenEcs:Auth:LoginAttemptsPerWindow=2", "OpenEcs:ForwardedHeaders:KnownProxies:0=127.0.0.1"]))
        {
            using var anonymous = server.Client(null);
            for (var i = 0; i < 2; i++) (await LoginAsync(anonymous, "admin", "wrong-password", "198.51.100.1")).AssertError(HttpStatusCode.Unauthorized);
            (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.1")).AssertError(HttpStatusCode.TooManyRequests);
            (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.2")).AssertOk();
            (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword)).AssertOk();
        }
    }

    [Fact]
    public async Task The_panel_of_this_process_is_believed_by_its_key_and_a_client_naming_a_key_is_not()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginAttemptsPerWindow=2"]);
        using var anonymous = server.Client(null);
        for (var i = 0; i < 2; i++)
            (await LoginAsync(anonymous, "admin", "wrong-password", $"198.51.100.{i}", "not-the-key")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.9", "not-the-key")).AssertError(HttpStatusCode.TooManyRequests);

        // The panel's own API client, as a page a browser at each address asked for uses it (no proxy configured).
        var pages = server.Services.GetRequiredService<IHttpContextAccessor>();
        using var panel = server.Services.GetRequiredService<IHttpClientFactory>().CreateClient(PanelApi.HttpClientName);
        panel.BaseAddress = new Uri(server.BaseAddress, "/ecs/v2/");
        pages.HttpContext = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.7") } };
        for (var i = 0; i < 2; i++) (await LoginAsync(panel, "admin", "wrong-password")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(panel, "admin", EcsServer.AdminPassword)).AssertError(HttpStatusCode.TooManyRequests);
        pages.HttpContext = new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Parse("203.0.113.8") } };
        (await LoginAsync(panel, "admin", EcsServer.AdminPassword)).AssertOk();
        pages.HttpContext = null;
    }

    [Fact]
    public async Task IPv6_clients_are_grouped_by_their_64_and_loopback_addresses_as_one()
    {
        await using var server = await EcsServer.StartAsync(settings:
            ["OpenEcs:Auth:LoginAttemptsPerWindow=2", "OpenEcs:ForwardedHeaders:KnownProxies:0=127.0.0.1"]);
        using var anonymous = server.Client(null);
        (await LoginAsync(anonymous, "admin", "wrong-password", "2001:db8:1:2::1")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", "wrong-password", "2001:db8:1:2:ffff:ffff:ffff:ffff")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "2001:db8:1:2::abcd")).AssertError(HttpStatusCode.TooManyRequests);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "2001:db8:1:3::1")).AssertOk();

        (await LoginAsync(anonymous, "admin", "wrong-password", "127.0.0.2")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", "wrong-password", "127.0.0.3")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "127.0.0.4")).AssertError(HttpStatusCode.TooManyRequests);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "::1")).AssertError(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Password_checks_past_the_concurrency_limit_are_refused_with_retry_after()
    {
        await using var server = await EcsServer.StartAsync(settings:
            ["OpenEcs:Auth:MaxConcurrentHashes=1", "OpenEcs:Auth:HashQueueLimit=0", "OpenEcs:Auth:PasswordIterations=400000"]);
        using var user = await server.NewAccountAsync("slowhash");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            using var anonymous = server.Client(null);
            var request = new HttpRequestMessage(HttpMethod.Post, "login")
                { Content = System.Net.Http.Json.JsonContent.Create(new { username = "slowhash", password = "password-123" }) };
            using var response = await anonymous.SendAsync(request);
            return (response.StatusCode, response.Headers.RetryAfter, await response.Content.ReadAsStringAsync());
        })));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, $"{(int)a.StatusCode} {a.Item3}"));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, a =>
        {
            Assert.Contains("password checks", a.Item3);
            Assert.True(a.RetryAfter?.Delta > TimeSpan.Zero);
        });
    }

    [Fact]
    public async Task Failures_of_a_username_from_many_addresses_hold_back_new_clients_and_never_a_known_clients_right_password()
    {
        await using var server = await EcsServer.StartAsync(settings:
            ["OpenEcs:Auth:LoginFailuresPerUsername=3", "OpenEcs:ForwardedHeaders:KnownProxies:0=127.0.0.1"]);
        using var anonymous = server.Client(null);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.1")).AssertOk();
        for (var i = 10; i < 13; i++)
            (await LoginAsync(anonymous, "admin", "wrong-password", $"198.51.100.{i}")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", "wrong-password", "198.51.100.13")).AssertError(HttpStatusCode.TooManyRequests);
        (await LoginAsync(anonymous, "ADMIN", EcsServer.AdminPassword, "198.51.100.14")).AssertError(HttpStatusCode.TooManyRequests);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.1")).AssertOk();
        // A known client's own failures count in its own budgets only: another known client is not held back by them.
        (await LoginAsync(anonymous, "admin", "wrong-password", "198.51.100.1")).AssertError(HttpStatusCode.Unauthorized);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.1")).AssertOk();
        // Other usernames have budgets of their own.
        using var other = await server.NewAccountAsync("otheruser");
        (await LoginAsync(anonymous, "otheruser", "password-123", "198.51.100.15")).AssertOk();
    }

    [Fact]
    public async Task A_known_clients_login_has_a_lane_of_its_own_when_a_flood_fills_the_password_checks()
    {
        await using var server = await EcsServer.StartAsync(settings:
        [
            "OpenEcs:Auth:MaxConcurrentHashes=1", "OpenEcs:Auth:HashQueueLimit=0", "OpenEcs:Auth:PasswordIterations=600000",
            "OpenEcs:ForwardedHeaders:KnownProxies:0=127.0.0.1", "OpenEcs:Limits:RequestsPerMinute=0",
        ]);
        using var anonymous = server.Client(null);
        (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.1")).AssertOk();

        // Made-up names from a new address each time, four at once: the one lane for everyone is always taken.
        using var stop = new CancellationTokenSource();
        var refused = 0;
        var next = 0;
        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            using var attacker = server.Client(null);
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                var (status, body) = await LoginAsync(attacker, $"nobody-{n}", "wrong-password", $"203.0.{n / 250 % 250}.{n % 250 + 1}");
                if (status == HttpStatusCode.TooManyRequests && body?["message"]?.ToString().Contains("password checks") == true)
                    Interlocked.Increment(ref refused);
            }
        })).ToList();
        try
        {
            while (Volatile.Read(ref refused) == 0) await Task.Delay(20);
            for (var i = 0; i < 3; i++) (await LoginAsync(anonymous, "admin", EcsServer.AdminPassword, "198.51.100.1")).AssertOk();
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(flood);
        }
        Assert.True(refused > 0);
    }
}
