using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Panel.Tests.Support;

/// <summary>
/// A browser context on the panel: its pages record every console error and uncaught exception;
/// <see cref="AssertNoErrors"/> (each test's last step) fails the test if any occurred that the test did not expect.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 860 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly List<string> _errors = [];
    private readonly List<string> _expected = [];

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public Uri BaseAddress { get; }

    private BrowserSession(IBrowserContext context, IPage page, Uri baseAddress)
    {
        Context = context;
        Page = page;
        BaseAddress = baseAddress;
        page.Console += (_, m) => { if (m.Type == "error") Record($"console: {m.Text} ({m.Location})"); };
        page.PageError += (_, e) => Record($"page error: {e}");
    }

    public static async Task<BrowserSession> OpenAsync(IBrowser browser, EcsServer server, ViewportSize? viewport = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = viewport ?? Desktop,
            ExtraHTTPHeaders = headers,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        // A loaded 2-core machine can take seconds per step (a navigation waits on the API); no test measures time with it.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, server.BaseAddress);
    }

    /// <summary>A console error the test causes on purpose (e.g. a 404 page's status), matched by substring.</summary>
    public void Expect(string fragment) => _expected.Add(fragment);

    private void Record(string error)
    {
        lock (_errors) _errors.Add(error);
    }

    /// <summary>Signs in through the login form, as a person would.</summary>
    public async Task LoginAsync(string username, string password)
    {
        await Page.GotoAsync("/login");
        await Page.GetByLabel("Username or group").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var signedIn = Page.WaitForURLAsync("**/servers");
        var refused = Page.GetByRole(AriaRole.Alert).WaitForAsync();
        if (await Task.WhenAny(signedIn, refused) == refused)
            Assert.Fail($"sign-in as {username} refused: {await Page.GetByRole(AriaRole.Alert).InnerTextAsync()}");
        await signedIn;
    }

    /// <summary>A full-page screenshot into the shots folder, for a person to look at.</summary>
    public async Task ShotAsync(string name) =>
        await Page.ScreenshotAsync(new() { Path = Path.Combine(PanelFixture.ShotsDir, name + ".png"), FullPage = true });

    /// <summary>No serious or critical accessibility violation on the current page (axe-core).</summary>
    public async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(bad.Count == 0, $"axe on {Page.Url}:\n" + string.Join("\n", bad));
    }

    public void AssertNoErrors()
    {
        List<string> unexpected;
        lock (_errors) unexpected = _errors.Where(e => !_expected.Any(e.Contains)).ToList();
        Assert.True(unexpected.Count == 0, "the browser reported errors:\n" + string.Join("\n", unexpected));
    }

    // Closing only: a failed assertion inside the test must not be replaced by this one's.
    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
