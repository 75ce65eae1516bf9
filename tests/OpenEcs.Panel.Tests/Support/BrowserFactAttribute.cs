using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Panel.Tests.Support;

/// <summary>
/// A test in a real browser: Debian's Chromium driven by Playwright. Runs on the SQLite pass only (the panel sees the
/// store through the API alone, and one browser pass keeps CI short); on CI a missing Chromium is a failure, not a skip.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (TestDatabase.IsPostgres) Skip = "browser tests run on the SQLite pass only";
        else if (!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = $"needs Chromium at {Chromium} (apt-get install chromium); .ci/run installs it";
    }
}
