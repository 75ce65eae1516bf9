using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using OpenEcs.Client.Http;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>429 answers from a real server: retried after Retry-After when that is short, reported at once when not.</summary>
public sealed class RetrySdkTests
{
    [Fact]
    public async Task A_throttled_login_is_retried_after_retry_after()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Auth:LoginAttemptsPerWindow=1", "OpenEcs:Auth:LoginWindow=00:00:02"]);
        using var admin = Support.Sdk.For(server);
        await admin.Emulator.CreateAccountAsync("throttled", "password-123", "throttled@example.com");
        using (var raw = server.Client(null))
        {
            // The window's one failure (only failures count): then even the right password waits for the window.
            var wrong = await raw.PostAsJsonAsync("login", new { username = "throttled", password = "not-the-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            var refused = await raw.PostAsJsonAsync("login", new { username = "throttled", password = "password-123" });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        }

        using var ecs = Support.Sdk.For(server);
        var clock = Stopwatch.StartNew();
        var token = await ecs.LoginAsync("throttled", "password-123");
        Assert.False(string.IsNullOrEmpty(token.Token));
        Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(500), $"answered after {clock.Elapsed}: the 429 was not waited out");
    }

    [Fact]
    public async Task A_rate_limit_longer_than_the_client_waits_fails_at_once_with_retry_after()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Limits:RequestsPerMinute=5"]);
        using var ecs = Support.Sdk.For(server);
        for (var i = 0; i < 5; i++) await ecs.Regions.ListAsync();

        var clock = Stopwatch.StartNew();
        var limited = await Assert.ThrowsAsync<EcsRateLimitedException>(() => ecs.Regions.ListAsync());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"waited {clock.Elapsed} for a retry that could not succeed");
        Assert.Equal((HttpStatusCode.TooManyRequests, 429, "too_many_requests"), (limited.StatusCode, limited.ErrorCode, limited.Status));
        Assert.InRange(limited.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Contains("rate limit", limited.Message);
    }

    /// <summary>The method rules of the retry policy, on a canned answer (the server cannot refuse a POST briefly).</summary>
    [Theory]
    [InlineData("GET", 2)]
    [InlineData("PUT", 2)]
    [InlineData("DELETE", 2)]
    [InlineData("POST", 1)]
    [InlineData("PATCH", 1)]
    public async Task Only_idempotent_methods_are_retried(string method, int attempts)
    {
        var answers = new CannedAnswers(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
        using var http = new HttpClient(new EcsRetryHandler(new EcsClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(10) }, answers));
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "http://127.0.0.1:9/ecs/v2/servers"));
        Assert.Equal(attempts, answers.Count);
    }

    private sealed class CannedAnswers(params HttpStatusCode[] statuses) : HttpMessageHandler
    {
        public int Count { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            Task.FromResult(new HttpResponseMessage(statuses[Math.Min(Count++, statuses.Length - 1)]) { RequestMessage = request });
    }
}
