using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenEcs.Server.Tests.Infrastructure;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>An ed25519 key pair made by ssh-keygen in a folder of its own (private key 0600, as ssh wants it).</summary>
public sealed class TestKeys
{
    private TestKeys(string privatePath, string publicKey) => (PrivatePath, PublicKey) = (privatePath, publicKey);

    public string PrivatePath { get; }
    public string PublicKey { get; }

    public static TestKeys Create(string comment)
    {
        var path = Path.Combine(TempDir.Create(), "id_ed25519");
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path);
        return new TestKeys(path, File.ReadAllText(path + ".pub").Trim());
    }

    public PrivateKeyAuthenticationMethod Auth(string user) => new(user, new PrivateKeyFile(PrivatePath));

    internal static string Run(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new Xunit.Sdk.XunitException($"{program} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        return stdout.Result;
    }
}

/// <summary>SSH logins to guests with SSH.NET, the way a user's client does them.</summary>
public static class GuestSsh
{
    /// <summary>Logs in, retrying while the guest's SSH server is not up yet; an authentication refusal is thrown at once.</summary>
    public static async Task<SshClient> ConnectAsync(string host, int port, AuthenticationMethod auth, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var client = new SshClient(new ConnectionInfo(host, port, auth.Username, auth) { Timeout = TimeSpan.FromSeconds(20) });
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await client.ConnectAsync(timeout.Token);
                return client;
            }
            catch (Exception e) when (e is SshConnectionException or SocketException or SshOperationTimeoutException or OperationCanceledException
                                       && DateTime.UtcNow < deadline)
            {
                client.Dispose();
                await Task.Delay(500);
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }
    }

    /// <summary>Runs a command; returns its standard output and asserts it exited 0.</summary>
    public static string Run(this SshClient client, string command)
    {
        using var cmd = client.RunCommand(command);
        Assert.True(cmd.ExitStatus == 0, $"'{command}' exited {cmd.ExitStatus}: {cmd.Error}{cmd.Result}");
        return cmd.Result;
    }
}

/// <summary>A TCP listener on the host's loopback that greets every connection with a line: what a guest must not reach.</summary>
public sealed class BannerListener : IDisposable
{
    public const string Banner = "openecs-host-listener";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _accepted;

    public BannerListener()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                Interlocked.Increment(ref _accepted);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Banner + "\n"), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
