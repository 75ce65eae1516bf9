using System.Diagnostics;

namespace OpenEcs.Server.Tests.Packaging;

/// <summary>A program run to its end (dpkg, dotnet, the installed server's tools), its output and exit code.</summary>
public static class Shell
{
    public sealed record Result(string Command, int ExitCode, string StdOut, string StdErr)
    {
        public Result Ok()
        {
            Assert.True(ExitCode == 0, ToString());
            return this;
        }

        public override string ToString() => $"{Command}: exit {ExitCode}\nstdout: {StdOut}\nstderr: {StdErr}";
    }

    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, IDictionary<string, string?>? environment = null,
        string? workingDirectory = null, TimeSpan? timeout = null)
    {
        var info = Info(program, args, environment, workingDirectory);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var command = $"{program} {string.Join(' ', info.ArgumentList)}";
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish in time");
        }
        return new Result(command, process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A long-running program (a server), its output collected for failure messages.</summary>
    public static Process Start(string program, IEnumerable<string> args, IDictionary<string, string?>? environment, System.Text.StringBuilder log)
    {
        var process = Process.Start(Info(program, args, environment, null))!;
        process.StandardInput.Close();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static ProcessStartInfo Info(string program, IEnumerable<string> args, IDictionary<string, string?>? environment, string? workingDirectory)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var a in args) info.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment)
                info.Environment[k] = v;
        return info;
    }
}
