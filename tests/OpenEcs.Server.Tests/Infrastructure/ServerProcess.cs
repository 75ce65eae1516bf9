using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>OpenECS as a separate OS process (the built server binary), for tests that kill it.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _logPath;
    public Uri BaseAddress { get; }

    private ServerProcess(Process process, Uri baseAddress, string logPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        _logPath = logPath;
    }

    /// <summary>The last lines the server logged, for failure messages.</summary>
    public string LogTail(int lines = 40)
    {
        using var stream = new FileStream(_logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var all = new StreamReader(stream).ReadToEnd().Split('\n');
        return string.Join("\n", all.TakeLast(lines));
    }

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(TestDatabase database, string speed, params string[] settings)
    {
        var dataDir = database.DataDir;
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ServerDll());
        foreach (var arg in new[]
                 {
                     "--urls", $"http://127.0.0.1:{port}", $"--OpenEcs:DataDir={dataDir}", $"--OpenEcs:Simulator:Speed={speed}",
                     "--OpenEcs:Emulator:Enabled=true", $"--OpenEcs:Admin:ApiToken={EcsServer.AdminToken}",
                     $"--OpenEcs:Admin:Password={EcsServer.AdminPassword}", "--OpenEcs:Auth:PasswordIterations=1000",
                 }.Concat(database.Settings.Concat(settings).Select(s => "--" + s)))
            info.ArgumentList.Add(arg);
        var process = Process.Start(info)!;
        // The server's own log, kept beside its data for a failing test to be understood.
        var logPath = Path.Combine(dataDir, $"server-{port}.log");
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), logPath);
        using var probe = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // the last lines of its output reach the log
                throw new InvalidOperationException($"server exited with {process.ExitCode} at start: {server.LogTail()}");
            }
            try
            {
                if ((await probe.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(100);
        }
        server.Dispose();
        throw new TimeoutException("server did not answer /healthz within 60 s");
    }

    public HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, "/ecs/v2/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-APITOKEN", EcsServer.AdminToken);
        return client;
    }

    /// <summary>The emulator controls at /_openecs, as the admin.</summary>
    public HttpClient Emulator()
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, "/_openecs/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-APITOKEN", EcsServer.AdminToken);
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or kill -9.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>The server binary built beside this test assembly's configuration (Debug or Release).</summary>
    public static string ServerDll()
    {
        var testDir = AppContext.BaseDirectory; // .../tests/OpenEcs.Server.Tests/bin/<Config>/net10.0/
        var tfm = new DirectoryInfo(testDir).Name;
        var config = new DirectoryInfo(testDir).Parent!.Name;
        var root = RepoRoot();
        var dll = Path.Combine(root, "src", "OpenEcs.Server", "bin", config, tfm, "OpenEcs.Server.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build the server first", dll);
    }

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenEcs.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("OpenEcs.slnx not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
