using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;
using Renci.SshNet;
using Renci.SshNet.Common;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// Logging in to a real VM of the tiny image as a user does (SSH.NET on 127.0.0.1:ssh_port): the ssh key label's key
/// for ecuser and root, the create's password, hostname, the user script once, sudo, a disk that survives a power
/// cycle, and a guest that cannot reach the host's loopback (while a control guest without restrict=on can).
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuLoginTests(ITestOutputHelper output)
{
    private const string Password = "Tr0ub4dor&3 horse";
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(4);

    [QemuFact]
    public async Task The_key_password_hostname_and_script_reach_the_guest_and_the_guest_cannot_reach_the_host()
    {
        var keys = TestKeys.Create("login-test@openecs");
        var wrong = TestKeys.Create("someone-else@openecs");
        using var listener = new BannerListener();
        await using var server = await EcsServer.StartAsync("instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"));
        await using var open = await EcsServer.StartAsync("instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg", "OpenEcs:Qemu:Network:Restrict=false"));
        try
        {
            using var api = server.Client();
            using var openApi = open.Client();
            foreach (var client in new[] { api, openApi }) (await client.PostJsonAsync("sshkeys", new { key = keys.PublicKey, label = "laptop" })).AssertOk();
            var clock = Stopwatch.StartNew();
            // Both VMs boot side by side: one restricted (the default), one control guest without restrict=on.
            var created = (await api.PostJsonAsync("servers", new JsonObject
            {
                ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "openecs-tiny", ["notes"] = "login", ["ssh_key"] = "laptop",
                ["password"] = Password,
                ["user_customize"] = "#!/bin/bash\necho \"customized by $(id -un)\" > /root/out.txt\necho run >> /root/runs.txt\n",
            })).AssertOk();
            var control = (await openApi.PostJsonAsync("servers", new JsonObject
            {
                ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "openecs-tiny", ["notes"] = "control", ["ssh_key"] = "laptop",
            })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, (long)created["action_id"]!, Boot))["status"]!);
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(openApi, (long)control["action_id"]!, Boot))["status"]!);
            output.WriteLine($"two VMs Booted in {clock.Elapsed.TotalSeconds:0.0} s");

            var booted = (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;
            Assert.Equal("127.0.0.1", (string)booted["ipv4"]!);
            var port = (int)booted["ssh_port"]!;
            Assert.Null(booted["password"]);
            if (OperatingSystem.IsLinux()) await AssertSecretsKeptAsync(server, name);

            // The key: ecuser (SkyPilot's user) and root; the hostname is the server's name; the script ran as root, once.
            using (var ssh = await GuestSsh.ConnectAsync("127.0.0.1", port, keys.Auth("ecuser")))
            {
                Assert.Equal(name, ssh.Run("hostname").Trim());
                Assert.Equal("ecuser", ssh.Run("id -un").Trim());
                Assert.Equal("customized by root", ssh.Run("sudo -n cat /root/out.txt").Trim());
                Assert.Equal("0", ssh.Run("sudo -n id -u").Trim());
                ssh.Run("echo kept > ~/kept.txt && sync");

                // No way out: the host's loopback behind the gateway (the API, PostgreSQL, a listener of this test).
                var probe = ssh.Run(Probe(server.BaseAddress.Port, 5432, listener.Port));
                output.WriteLine("restricted guest: " + probe);
                Assert.Contains($"api {server.BaseAddress.Port}: closed", probe);
                Assert.Contains("port 5432: closed", probe);
                Assert.Contains($"port {listener.Port}: closed", probe);
                Assert.DoesNotContain(BannerListener.Banner, probe);
            }
            using (var root = await GuestSsh.ConnectAsync("127.0.0.1", port, keys.Auth("root")))
                Assert.Equal("0", root.Run("id -u").Trim());
            using (var byPassword = await GuestSsh.ConnectAsync("127.0.0.1", port, new PasswordAuthenticationMethod("ecuser", Password)))
                Assert.Equal("ecuser", byPassword.Run("whoami").Trim());
            await Assert.ThrowsAsync<SshAuthenticationException>(() => GuestSsh.ConnectAsync("127.0.0.1", port, wrong.Auth("ecuser")));
            await Assert.ThrowsAsync<SshAuthenticationException>(() => GuestSsh.ConnectAsync("127.0.0.1", port, new PasswordAuthenticationMethod("ecuser", Password + "!")));
            await Assert.ThrowsAsync<SshAuthenticationException>(() => GuestSsh.ConnectAsync("127.0.0.1", port, new PasswordAuthenticationMethod("root", Password)));

            // The control guest, same image, no restrict=on: the same probe reaches the host's loopback, so the check above can fail.
            var controlServer = (await openApi.GetJsonAsync($"servers/{(string)control["server"]!["name"]!}")).AssertOk()["server"]!;
            using (var ssh = await GuestSsh.ConnectAsync("127.0.0.1", (int)controlServer["ssh_port"]!, keys.Auth("ecuser")))
            {
                var probe = ssh.Run(Probe(open.BaseAddress.Port, 5432, listener.Port));
                output.WriteLine("control guest: " + probe);
                Assert.Contains(BannerListener.Banner, probe);
                Assert.Contains($"api {open.BaseAddress.Port}: open", probe);
            }
            Assert.True(listener.Accepted >= 1, "the host listener saw no connection from the control guest");

            // The console from the terminal: `ecs servers console` in a pseudo-terminal, a typed command, Ctrl-] to leave.
            var console = await Pty.ConsoleAsync(server.BaseAddress, EcsServer.AdminToken, name, "echo $((6*7))-$(hostname)\r", $"42-{name}");
            output.WriteLine(console);

            // A power cycle: the disk keeps what was written, the script does not run again.
            var off = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, (long)off["id"]!, TimeSpan.FromMinutes(1)))["status"]!);
            var on = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, (long)on["id"]!, Boot))["status"]!);
            using (var ssh = await GuestSsh.ConnectAsync("127.0.0.1", port, keys.Auth("ecuser")))
            {
                Assert.Equal("kept", ssh.Run("cat ~/kept.txt").Trim());
                Assert.Equal("run", ssh.Run("sudo -n cat /root/runs.txt").Trim());
                Assert.Equal(name, ssh.Run("hostname").Trim());
            }

            foreach (var (client, server_) in new[] { (api, name), (openApi, (string)control["server"]!["name"]!) })
            {
                var delete = (await client.DeleteJsonAsync($"servers/{server_}")).AssertOk();
                await QemuLifecycleTests.WaitAsync(client, (long)delete["action"]!["id"]!, TimeSpan.FromMinutes(1));
            }
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
            QemuTestImage.KillVmsUnder(open.DataDir);
        }
    }

    /// <summary>Shell run in the guest: a TCP connection to the gateway (the host in QEMU's user network) on each port.</summary>
    private static string Probe(int apiPort, int pgPort, int listenerPort) =>
        $"if printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' | nc -w 3 10.0.2.2 {apiPort} 2>/dev/null | grep -q 'HTTP/1.1 200'; then echo 'api {apiPort}: open'; else echo 'api {apiPort}: closed'; fi; " +
        $"for p in {pgPort} {listenerPort}; do if out=$(nc -w 3 10.0.2.2 $p </dev/null 2>&1) && [ -n \"$out\" ]; then echo \"port $p: open $out\"; else echo \"port $p: closed\"; fi; done";

    /// <summary>The seed holds only the password's hash, every file of the VM is its owner's alone, and the store has no clear text.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task AssertSecretsKeptAsync(EcsServer server, string name)
    {
        var vm = QemuTestImage.VmFolder(server.DataDir, name);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(vm));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Combine(vm, "seed")));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(vm, "seed")).Append(Path.Combine(vm, "initrd.img")).Append(Path.Combine(vm, "launch.json")))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.DoesNotContain(Password, await File.ReadAllTextAsync(file));
        }
        var userData = await File.ReadAllTextAsync(Path.Combine(vm, "seed", "user-data"));
        var config = Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(
            userData.Split("\n\n")[2].Split("\n--")[0].Split('\n'))));
        Assert.Matches(@"passwd: ""\$6\$rounds=\d+\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}""", config);
        foreach (var file in Directory.EnumerateFiles(server.DataDir, "openecs.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var bytes = new MemoryStream();
            await stream.CopyToAsync(bytes);
            Assert.DoesNotContain(Password, Encoding.UTF8.GetString(bytes.ToArray()));
        }
    }
}
