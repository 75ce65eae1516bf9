namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>
/// One server per test class (xunit class fixture); each test takes accounts of its own, so tests stay independent
/// while paying for one start-up.
/// </summary>
public class EcsServerFixture : IAsyncLifetime
{
    private readonly string[] _settings;
    private int _accounts;

    public EcsServerFixture() : this([]) { }

    protected EcsServerFixture(string[] settings) => _settings = settings;

    public EcsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EcsServer.StartAsync(settings: _settings);

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A fresh account with a unique name, its password and an API token.</summary>
    public async Task<TestAccount> AccountAsync(string hint = "user")
    {
        var username = $"{hint}{Interlocked.Increment(ref _accounts)}";
        const string password = "password-123";
        var api = await Server.NewAccountAsync(username, password);
        return new TestAccount(username, password, api.DefaultRequestHeaders.GetValues("X-APITOKEN").Single(), api);
    }

    /// <summary>A client that sends no credentials.</summary>
    public HttpClient Anonymous() => Server.Client(null);

    public HttpClient WithToken(string token) => Server.Client(token);
}

public sealed record TestAccount(string Username, string Password, string Token, HttpClient Api) : IDisposable
{
    public void Dispose() => Api.Dispose();
}

/// <summary>Metrics sampled every second, so that a test sees points within moments of a boot.</summary>
public sealed class FastMetricsFixture() : EcsServerFixture(["OpenEcs:Metrics:Step=00:00:01"]);
