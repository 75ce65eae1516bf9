using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Support;

/// <summary>SDK clients of a test server.</summary>
public static class Sdk
{
    /// <summary>A client of <paramref name="server"/> with an API token (the admin's by default), polling actions briskly.</summary>
    public static EcsClient For(EcsServer server, string token = EcsServer.AdminToken, Action<EcsClientOptions>? tweak = null) =>
        new(Options(server, o => o.ApiToken = token, tweak));

    /// <summary>A client of <paramref name="server"/> that logs in with a username and password.</summary>
    public static EcsClient WithLogin(EcsServer server, LoginCredential credential, Action<EcsClientOptions>? tweak = null) =>
        new(Options(server, o => o.Credential = credential, tweak));

    public static EcsClientOptions Options(EcsServer server, Action<EcsClientOptions> auth, Action<EcsClientOptions>? tweak = null)
    {
        // The server's bare address: the client adds /ecs/v2 itself.
        var options = new EcsClientOptions { BaseUrl = server.BaseAddress, ActionPollInterval = TimeSpan.FromMilliseconds(50), RequestTimeout = TimeSpan.FromSeconds(30) };
        auth(options);
        tweak?.Invoke(options);
        return options;
    }

    public static EcsClient For(this EcsServerFixture fx, TestAccount account) => For(fx.Server, account.Token);
}
