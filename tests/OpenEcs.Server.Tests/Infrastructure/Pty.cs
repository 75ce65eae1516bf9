using System.Diagnostics;
using System.Text;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>The `ecs` tool in a pseudo-terminal, as a person at a terminal runs it.</summary>
public static class Pty
{
    /// <summary>
    /// `ecs servers console NAME` as a person runs it: in a pseudo-terminal (util-linux `script`), typing a command,
    /// reading its answer, then Ctrl-]; asserts the tool left with exit code 0.
    /// </summary>
    public static async Task<string> ConsoleAsync(Uri server, string token, string name, string typed, string expected)
    {
        var ecs = Path.Combine(ServerProcess.RepoRoot(), "src", "OpenEcs.Cli", "bin",
            new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, new DirectoryInfo(AppContext.BaseDirectory).Name, "ecs.dll");
        var info = new ProcessStartInfo("script")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "-q", "-f", "-e", "-c", $"dotnet '{ecs}' servers console {name}", "/dev/null" }) info.ArgumentList.Add(a);
        info.Environment["HOME"] = TempDir.Create();
        info.Environment["ECS_URL"] = new Uri(server, "/ecs/v2").ToString();
        info.Environment["ECS_TOKEN"] = token;
        info.Environment["TERM"] = "xterm";
        using var process = Process.Start(info)!;
        var seen = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await process.StandardOutput.ReadAsync(buffer)) > 0) lock (seen) seen.Append(buffer, 0, n);
        });
        async Task WaitForAsync(string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!Seen().Contains(text, StringComparison.Ordinal))
            {
                if (DateTime.UtcNow > deadline || process.HasExited)
                    throw new Xunit.Sdk.XunitException($"no '{text}' from ecs servers console (exited: {process.HasExited}); seen: {Seen()}");
                await Task.Delay(100);
            }
        }
        string Seen() { lock (seen) return seen.ToString(); }
        try
        {
            await WaitForAsync("Ctrl-] leaves");
            await process.StandardInput.WriteAsync(typed);
            await process.StandardInput.FlushAsync();
            await WaitForAsync(expected);
            await process.StandardInput.WriteAsync("\u001d");
            await process.StandardInput.FlushAsync();
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(patience.Token);
            await reader;
            Assert.True(process.ExitCode == 0, $"ecs servers console exited {process.ExitCode}: {Seen()} {await process.StandardError.ReadToEndAsync()}");
            Assert.Contains($"Left the console of {name}", Seen());
            return Seen();
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
