using Microsoft.Playwright;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Panel.Tests.Support;

/// <summary>
/// One Chromium and one OpenECS server (realistic speed, a tenth of the durations, a sample a second) for the whole
/// browser collection; each test takes accounts and browser contexts of its own.
/// </summary>
public sealed class PanelFixture : IAsyncLifetime
{
    private int _accounts;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;
    public EcsServer Server { get; private set; } = null!;

    public static readonly string ShotsDir = Environment.GetEnvironmentVariable("OPENECS_PANEL_SHOTS") is { Length: > 0 } d ? d : "/var/tmp/openecs-panel-shots";

    public async Task InitializeAsync()
    {
        if (TestDatabase.IsPostgres) return; // every test of the collection skips
        Directory.CreateDirectory(ShotsDir);
        Server = await EcsServer.StartAsync("realistic", Settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchAsync(_playwright);
    }

    /// <summary>The servers the tests start: create takes 1–3 s, so a test sees it progress; metrics every second; no request limit.</summary>
    public static readonly string[] Settings =
    [
        "OpenEcs:Simulator:TimeScale=0.1",
        "OpenEcs:Metrics:Step=00:00:01",
        "OpenEcs:Limits:RequestsPerMinute=0",
    ];

    /// <summary>Headless Chromium with nothing of its own running beside the page (no updates, no first-run, no GPU).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = BrowserFactAttribute.Chromium,
        Headless = true,
        // Playwright gives each launch a fresh, temporary profile (its --user-data-dir).
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
    });

    /// <summary>The SDK on a test server, polling actions briskly: what the tests check the pages against.</summary>
    public static Client.EcsClient Sdk(EcsServer server, string token) => new(new Client.EcsClientOptions
    {
        BaseUrl = server.BaseAddress, ApiToken = token, ActionPollInterval = TimeSpan.FromMilliseconds(100),
    });

    /// <summary>A fresh account (username, password, API token).</summary>
    public Task<TestAccount> AccountAsync(string hint = "web") => AccountOnAsync(Server, hint);

    public async Task<TestAccount> AccountOnAsync(EcsServer server, string hint)
    {
        var username = $"{hint}{Interlocked.Increment(ref _accounts)}";
        const string password = "password-123";
        var api = await server.NewAccountAsync(username, password);
        return new TestAccount(username, password, api.DefaultRequestHeaders.GetValues("X-APITOKEN").Single(), api);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Server is not null) await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PanelFixture>
{
    // One browser and one server, tests in series: the machine has two cores and the other suites run alongside.
    public const string Name = "browser";
}
