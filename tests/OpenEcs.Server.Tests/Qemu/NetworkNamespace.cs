using System.Diagnostics;
using System.Net.Sockets;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// A network namespace of the test's own with a bridge (the operator's, in bridge mode) holding the gateway address:
/// VMs on it reach nothing outside this namespace, and the namespace nothing outside this machine.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    public const string Bridge = "br0";

    private NetworkNamespace(string name, string gateway) => (Name, Gateway) = (name, gateway);

    public string Name { get; }
    public string Gateway { get; }

    /// <summary>Bridge mode needs root (taps, nftables) and the ip and nft tools.</summary>
    public static string? Unavailable =>
        Environment.UserName != "root" ? "bridge mode needs root (taps and nftables in a network namespace)"
        : !File.Exists("/usr/sbin/ip") && !File.Exists("/sbin/ip") ? "bridge mode needs the ip tool (apt-get install iproute2)"
        : !File.Exists("/usr/sbin/nft") ? "bridge mode needs nft (apt-get install nftables)"
        : null;

    public static NetworkNamespace Create(string gatewayCidr)
    {
        var ns = new NetworkNamespace("oe-t" + Guid.NewGuid().ToString("N")[..8], gatewayCidr.Split('/')[0]);
        TestKeys.Run("ip", "netns", "add", ns.Name);
        try
        {
            ns.Exec("ip", "link", "set", "lo", "up");
            ns.Exec("ip", "link", "add", Bridge, "type", "bridge");
            ns.Exec("ip", "addr", "add", gatewayCidr, "dev", Bridge);
            ns.Exec("ip", "link", "set", Bridge, "up");
            return ns;
        }
        catch
        {
            ns.Dispose();
            throw;
        }
    }

    /// <summary>Runs a program inside the namespace; returns (exit code, stdout + stderr).</summary>
    public (int Exit, string Output) Try(params string[] command)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Name }.Concat(command)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }

    public string Exec(params string[] command)
    {
        var (exit, output) = Try(command);
        if (exit != 0) throw new Xunit.Sdk.XunitException($"in {Name}: {string.Join(' ', command)} exited {exit}: {output}");
        return output;
    }

    /// <summary>OpenECS started inside the namespace (so its QEMU processes and taps are there too), serving on a unix socket.</summary>
    public Process StartServer(TestDatabase database, string socket, IEnumerable<string> urls, IEnumerable<string> settings, string logPath)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
                 {
                     "netns", "exec", Name, "dotnet", ServerProcess.ServerDll(),
                     "--urls", string.Join(';', urls.Prepend($"http://unix:{socket}")), $"--OpenEcs:DataDir={database.DataDir}",
                     "--OpenEcs:Simulator:Speed=instant", "--OpenEcs:Emulator:Enabled=true", $"--OpenEcs:Admin:ApiToken={EcsServer.AdminToken}",
                     $"--OpenEcs:Admin:Password={EcsServer.AdminPassword}", "--OpenEcs:Auth:PasswordIterations=1000",
                 }.Concat(database.Settings.Concat(settings).Select(s => "--" + s)))
            info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        var log = new StreamWriter(new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>An HTTP client of a server that listens on a unix socket (reachable from any namespace, unlike its TCP ports).</summary>
    public static HttpClient UnixClient(string socket, string? apiToken = EcsServer.AdminToken, string path = "/ecs/v2/")
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                    return new NetworkStream(s, ownsSocket: true);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost" + path), Timeout = TimeSpan.FromSeconds(30) };
        if (apiToken is not null) client.DefaultRequestHeaders.Add("X-APITOKEN", apiToken);
        return client;
    }

    public void Dispose()
    {
        try
        {
            TestKeys.Run("ip", "netns", "delete", Name);
        }
        catch (Xunit.Sdk.XunitException) { }
    }
}
