using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Support;

/// <summary>
/// The built `ecs` tool run as a process, the way a user types it, with a home folder of its own (so its config file
/// lands in a temp folder) and none of the ECS_* variables of the machine.
/// </summary>
public sealed class CliProcess
{
    public CliProcess() => Home = TempDir.Create();

    public string Home { get; }

    public string ConfigPath => Path.Combine(Home, ".config", "ecs", "config.json");

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, stdin: null);

    public async Task<CliResult> RunAsync(string[] args, string? stdin, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(EcsDll());
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["HOME"] = Home;
        info.Environment["XDG_CONFIG_HOME"] = Path.Combine(Home, ".config");
        foreach (var name in new[] { "ECS_CONFIG", "ECS_URL", "ECS_TOKEN", "ECS_USERNAME", "ECS_PASSWORD", "NO_COLOR" }) info.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ecs {string.Join(' ', args)} did not end within 60 s");
        }
        return new CliResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The tool built beside this test assembly's configuration (Debug or Release).</summary>
    public static string EcsDll()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory); // .../tests/OpenEcs.Client.Tests/bin/<Config>/net10.0/
        var dll = Path.Combine(ServerProcess.RepoRoot(), "src", "OpenEcs.Cli", "bin", testDir.Parent!.Name, testDir.Name, "ecs.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the ecs tool first", dll);
    }
}

public sealed record CliResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    /// <summary>Asserts exit code 0 and returns the result.</summary>
    public CliResult Ok()
    {
        Assert.True(ExitCode == 0, $"ecs {Command} exited {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}");
        return this;
    }

    /// <summary>Asserts a failure reported the way the tool promises: non-zero, one line on stderr, nothing on stdout.</summary>
    public string Failed(int exitCode = 1, string? mentioning = null)
    {
        Assert.True(ExitCode == exitCode, $"ecs {Command}: expected exit {exitCode}, got {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}");
        var lines = StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("ecs: error: ", line);
        Assert.Equal("", StdOut);
        if (mentioning is not null) Assert.Contains(mentioning, line, StringComparison.OrdinalIgnoreCase);
        return line;
    }

    public JsonNode Json() => JsonNode.Parse(Ok().StdOut) ?? throw new Xunit.Sdk.XunitException($"ecs {Command} printed JSON null");

    /// <summary>The stdout line that starts with <paramref name="first"/> (a table row), split into its columns.</summary>
    public string[] Row(string first)
    {
        var line = StdOut.Split('\n').FirstOrDefault(l => l.StartsWith(first + " ", StringComparison.Ordinal))
                   ?? throw new Xunit.Sdk.XunitException($"no row '{first}' in:\n{StdOut}");
        return line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
