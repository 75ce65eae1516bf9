using System.Diagnostics;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Packaging;

/// <summary>
/// One run of scripts/package.sh for every package test (the publish is the slow part), with a version of its own so
/// that no NuGet cache or installed package of an earlier run can stand in for what this run built.
/// </summary>
public sealed class PackageBuild
{
    private static readonly Lazy<Task<PackageBuild>> Once = new(BuildAsync);

    public required string OutDir { get; init; }
    public required string Version { get; init; }
    public required string Deb { get; init; }
    public required string ServerDir { get; init; }
    public required string NuGetDir { get; init; }
    public required TimeSpan Took { get; init; }

    public static Task<PackageBuild> GetAsync() => Once.Value;

    private static async Task<PackageBuild> BuildAsync()
    {
        var version = "0.1.0-t" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var outDir = TempDir.Create();
        var clock = Stopwatch.StartNew();
        (await PackageAsync(["--version", version, outDir])).Ok();
        return new PackageBuild
        {
            OutDir = outDir, Version = version, Deb = Path.Combine(outDir, $"openecs_{version}_amd64.deb"),
            ServerDir = Path.Combine(outDir, $"openecs_{version}_linux-x64"), NuGetDir = Path.Combine(outDir, "nupkg"), Took = clock.Elapsed,
        };
    }

    /// <summary>A newer .deb of the same server folder (an upgrade to install over this one).</summary>
    public async Task<string> NewerDebAsync(string suffix)
    {
        var version = Version + suffix;
        var outDir = TempDir.Create();
        (await PackageAsync(["--version", version, "--reuse-publish", ServerDir, outDir])).Ok();
        return Path.Combine(outDir, $"openecs_{version}_amd64.deb");
    }

    /// <summary>Niced: the publish runs beside the rest of the suite, whose timing-minded tests come first.</summary>
    private static Task<Shell.Result> PackageAsync(string[] args) =>
        Shell.RunAsync("nice", ["-n", "10", Path.Combine(ServerProcess.RepoRoot(), "scripts", "package.sh"), .. args], timeout: TimeSpan.FromMinutes(15));
}

/// <summary>Runs where the machine may get packages installed and removed (root; CI sets OPENECS_TEST_PACKAGES=1).</summary>
public sealed class PackageFactAttribute : FactAttribute
{
    public PackageFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("OPENECS_TEST_PACKAGES") != "1")
            Skip = "installs a .deb and changes the system: set OPENECS_TEST_PACKAGES=1 (as root) to run it (.ci/run does)";
        else if (TestDatabase.IsPostgres)
            Skip = "package tests run on the sqlite pass only (OPENECS_TEST_STORE=postgres)";
        else if (Environment.UserName != "root")
            Skip = "package tests install with dpkg: run them as root";
    }
}
