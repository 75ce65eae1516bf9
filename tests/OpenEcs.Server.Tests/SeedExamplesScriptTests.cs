using System.Diagnostics;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>Runs scripts/seed-examples.sh (curl + jq, the seed's examples) against a running server.</summary>
public sealed class SeedExamplesScriptTests
{
    [Fact]
    public async Task Seed_curl_examples_all_answer_as_documented()
    {
        await using var server = await EcsServer.StartAsync();
        var script = Path.Combine(ServerProcess.RepoRoot(), "scripts", "seed-examples.sh");
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(server.BaseAddress.ToString().TrimEnd('/'));
        info.ArgumentList.Add("admin");
        info.ArgumentList.Add(EcsServer.AdminPassword);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"seed-examples.sh failed:\n{await stdout}\n{await stderr}");
        Assert.Contains("seed examples answered as expected", await stdout);
    }
}
