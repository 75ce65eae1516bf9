using System.Diagnostics;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>The built server binary run to its end as a user types it: `openecs ARGS`, its output and exit code.</summary>
public static class ServerCommand
{
    public static async Task<CommandResult> RunAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerProcess.ServerDll());
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openecs {string.Join(' ', args)} did not exit; stdout: {await stdout} stderr: {await stderr}");
        }
        return new CommandResult(string.Join(' ', args), process.ExitCode, await stdout, await stderr);
    }
}

public sealed record CommandResult(string Command, int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"openecs {Command}: exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
}
