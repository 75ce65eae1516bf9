using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace OpenEcs.Bench;

/// <summary>
/// A process the bench started (an OpenECS server, the baseline, wrk). Every one is registered, so that an exit,
/// an exception or a signal kills it: nothing the bench starts outlives it.
/// </summary>
public sealed class Child : IDisposable
{
    private static readonly ConcurrentDictionary<int, Child> Live = new();
    private static int _hooked;

    private readonly Process _process;
    private readonly StreamWriter? _log;
    private int _disposed;
    public string Name { get; }
    public int Pid { get; }
    public Uri? BaseAddress { get; init; }
    public Stopwatch Started { get; }

    private Child(string name, Process process, StreamWriter? log, Stopwatch started)
    {
        Name = name;
        _process = process;
        Pid = process.Id;
        _log = log;
        Started = started;
    }

    public static Child Start(string name, string file, IEnumerable<string> args, string? logPath, Uri? baseAddress = null)
    {
        HookExit();
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        StreamWriter? log = logPath is null
            ? null
            : new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var child = new Child(name, process, log, clock) { BaseAddress = baseAddress };
        Live[process.Id] = child;
        if (log is not null)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return child;
    }

    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Output of a process that was started without a log file (wrk): everything it printed, once it ends.</summary>
    public async Task<(string Out, string Err)> ReadToEndAsync(TimeSpan timeout)
    {
        var stdout = _process.StandardOutput.ReadToEndAsync();
        var stderr = _process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Dispose();
            throw new TimeoutException($"{Name} did not end within {timeout.TotalSeconds:0} s");
        }
        return (await stdout, await stderr);
    }

    /// <summary>Resident set size from /proc, in MiB.</summary>
    public double RssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
        throw new InvalidOperationException("VmRSS missing");
    }

    /// <summary>Time from process start to the first 200 on the path (polled every 5 ms).</summary>
    public async Task<TimeSpan> WaitHealthyAsync(string path = "/healthz", TimeSpan? timeout = null)
    {
        using var probe = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(1) })
        {
            BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5),
        };
        var deadline = Started.Elapsed + (timeout ?? TimeSpan.FromSeconds(60));
        while (Started.Elapsed < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} at start");
            try
            {
                using var r = await probe.GetAsync(path);
                if (r.StatusCode == HttpStatusCode.OK) return Started.Elapsed;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(5);
        }
        throw new TimeoutException($"{Name} did not answer {path} in time");
    }

    /// <summary>Kills the process (and its children) once; safe to call again, from a signal handler too.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Live.TryRemove(Pid, out _);
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception) { }
        _process.Dispose();
        if (_log is not null) lock (_log) _log.Dispose();
    }

    public static void KillAll()
    {
        foreach (var child in Live.Values) child.Dispose();
    }

    private static PosixSignalRegistration? _term, _int;

    /// <summary>On a signal: kill every child, say so, and end at once (the run is void).</summary>
    private static void Stop(int code)
    {
        KillAll();
        Console.Error.WriteLine("bench: stopped by a signal; every process it started is ended");
        Environment.Exit(code);
    }

    private static void HookExit()
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 1) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => Stop(143));
        _int = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => Stop(130));
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
