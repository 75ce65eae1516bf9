using System.Diagnostics;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hosts;

/// <summary>A hypervisor agent as its own OS process (`openecs agent`), for tests that kill it or watch it exit.</summary>
public sealed class AgentProcess : IDisposable
{
    public const string JoinToken = "test-join-token-0123456789";
    private readonly Process _process;
    private readonly StreamWriter _log;
    public string HostName { get; }
    public string DataDir { get; }

    private AgentProcess(Process process, StreamWriter log, string hostName, string dataDir)
    {
        _process = process;
        _log = log;
        HostName = hostName;
        DataDir = dataDir;
    }

    public string LogPath => LogOf(DataDir, HostName);

    private static string LogOf(string dataDir, string hostName) => $"{dataDir}-agent-{hostName}.log";

    /// <summary>Starts a simulated agent; <paramref name="dataDir"/> given again reuses its credential.</summary>
    public static AgentProcess Start(ServerProcess controlPlane, string hostName, string region, string? dataDir = null, bool joinToken = true,
        params string[] settings)
    {
        dataDir ??= TempDir.Create();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerProcess.ServerDll());
        info.ArgumentList.Add("agent");
        foreach (var arg in new[]
                 {
                     $"OpenEcs:DataDir={dataDir}", $"OpenEcs:Agent:ControlPlane={controlPlane.BaseAddress}", $"OpenEcs:Agent:HostName={hostName}",
                     $"OpenEcs:Agent:Region={region}", "OpenEcs:Agent:HeartbeatInterval=00:00:00.500", "OpenEcs:Simulator:TimeScale=0.2",
                 }.Concat(joinToken ? [$"OpenEcs:Agent:JoinToken={JoinToken}"] : []).Concat(settings))
            info.ArgumentList.Add("--" + arg);
        var process = Process.Start(info)!;
        var log = new StreamWriter(new FileStream(LogOf(dataDir, hostName), FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new AgentProcess(process, log, hostName, dataDir);
    }

    public string LogTail()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return string.Join("\n", new StreamReader(stream).ReadToEnd().Split('\n').TakeLast(30));
    }

    /// <summary>The exit code once the agent ended by itself within <paramref name="timeout"/>, else null.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL: nothing of the agent runs, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
