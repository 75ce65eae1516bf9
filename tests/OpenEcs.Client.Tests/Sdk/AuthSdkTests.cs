using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpenEcs.Client.Models;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>
/// Login credentials against a server on a manual clock, so that tokens can be made to expire: the SDK logs in, renews
/// the JWT before it expires (on its own clock, a fake one here), and once more when the API rejects it.
/// </summary>
public sealed class AuthSdkTests : IAsyncLifetime
{
    private EcsServer _server = null!;
    private EcsClient _admin = null!;
    private int _accounts;

    public async Task InitializeAsync()
    {
        _server = await EcsServer.StartAsync("manual");
        _admin = Support.Sdk.For(_server);
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<(string User, string Password)> AccountAsync()
    {
        var user = $"login{Interlocked.Increment(ref _accounts)}";
        await _admin.Emulator.CreateAccountAsync(user, "password-123", $"{user}@example.com");
        return (user, "password-123");
    }

    [Fact]
    public async Task The_jwt_is_renewed_before_it_expires_and_after_it_has()
    {
        var (user, password) = await AccountAsync();
        var clock = new FakeTimeProvider((await _admin.Emulator.GetClockAsync()).Now);
        var credential = new LoginCredential(user, password);
        var issued = new List<LoginToken>();
        credential.TokenRefreshed += (_, token) => issued.Add(token);
        using var ecs = Support.Sdk.WithLogin(_server, credential, o => o.TimeProvider = clock);

        await ecs.Servers.ListAsync();
        await ecs.Servers.ListAsync();
        var first = Assert.Single(issued);
        Assert.Equal(first, credential.Token);

        // Within the last five minutes of its four hours: renewed although the server would still take it.
        await MoveClocksAsync(clock, TimeSpan.FromHours(4) - TimeSpan.FromMinutes(2));
        await ecs.Servers.ListAsync();
        Assert.Equal(2, issued.Count);
        Assert.NotEqual(first.Token, issued[1].Token);
        using (var old = _server.BearerClient(first.Token))
            Assert.Equal(HttpStatusCode.OK, (await old.GetAsync("servers")).StatusCode);

        // Long past expiry: the old token is refused, the client carries on with a new one.
        await MoveClocksAsync(clock, TimeSpan.FromHours(5));
        await ecs.Servers.ListAsync();
        Assert.Equal(3, issued.Count);
        using (var expired = _server.BearerClient(issued[1].Token))
            Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("servers")).StatusCode);
    }

    [Fact]
    public async Task A_rejected_cached_token_is_replaced_once()
    {
        var (user, password) = await AccountAsync();
        var credential = new LoginCredential(user, password, new LoginToken("stale.jwt.token", DateTimeOffset.UtcNow.AddDays(1)));
        var renewals = 0;
        credential.TokenRefreshed += (_, _) => renewals++;
        using var ecs = Support.Sdk.WithLogin(_server, credential);
        Assert.Empty(await ecs.Servers.ListAsync());
        Assert.Equal(1, renewals);
        Assert.NotEqual("stale.jwt.token", credential.Token!.Token);
    }

    [Fact]
    public async Task Wrong_credentials_are_unauthorized()
    {
        var (user, _) = await AccountAsync();
        using var wrongPassword = Support.Sdk.WithLogin(_server, new LoginCredential(user, "not-the-password"));
        var refused = await Assert.ThrowsAsync<EcsUnauthorizedException>(() => wrongPassword.Servers.ListAsync());
        Assert.Equal((HttpStatusCode.Unauthorized, 401, "unauthorized"), (refused.StatusCode, refused.ErrorCode, refused.Status));
        Assert.Contains("wrong username or password", refused.Message);

        using var wrongToken = Support.Sdk.For(_server, "no-such-token-0123456789");
        await Assert.ThrowsAsync<EcsUnauthorizedException>(() => wrongToken.Regions.ListAsync());
    }

    [Fact]
    public async Task A_wait_gives_up_at_its_timeout()
    {
        var created = await _admin.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "frozen clock" });
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => _admin.WaitForActionAsync(created.ActionId, timeout: TimeSpan.FromMilliseconds(300)));
        Assert.Contains(created.ActionId.ToString(System.Globalization.CultureInfo.InvariantCulture), timeout.Message);
        Assert.Equal(ActionStatus.InProgress, (await _admin.Actions.GetAsync(created.ActionId)).Status);
    }

    private async Task MoveClocksAsync(FakeTimeProvider clock, TimeSpan by)
    {
        await _admin.Emulator.AdvanceClockAsync(by);
        clock.Advance(by);
    }
}
