using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Hypervisors.Qemu;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>Real VMs of the tiny image through the API: boot to the guest's marker, console, power, metrics, delete.</summary>
[Collection(QemuCollection.Name)]
public sealed class QemuLifecycleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [QemuFact]
    public async Task A_real_vm_boots_to_its_marker_talks_on_its_console_powers_off_and_on_and_is_deleted()
    {
        // Auto acceleration with a short KVM deadline: where KVM is broken (nested hosts) the fallback to TCG is exercised.
        await using var server = await EcsServer.StartAsync("instant", QemuTestImage.Settings("OpenEcs:Qemu:KvmBootTimeout=00:00:10"));
        try
        {
            using var api = server.Client();
            const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOX+A2U07HuM6MeCzHJGEyCqlweodFA6INlyrFSeaIwB qemu-test@openecs";
            (await api.PostJsonAsync("sshkeys", new { key, label = "qemu" })).AssertOk();
            var clock = Stopwatch.StartNew();
            var created = (await api.PostJsonAsync("servers", new JsonObject
            {
                ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "openecs-tiny", ["notes"] = "qemu", ["ssh_key"] = "qemu",
                ["user_customize"] = "#!/bin/sh\necho user-script-ran > /tmp/proof\n",
            })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            // The action's progress follows the real steps: disk, seed, QEMU up and checked, then the guest booting.
            var progress = new SortedSet<int>();
            var messages = new List<string>();
            var action = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{(long)created["action_id"]!}")).AssertOk()["action"]!,
                a =>
                {
                    progress.Add((int)a["progress"]!);
                    if ((string?)a["message"] is { Length: > 0 } m && !messages.Contains(m)) messages.Add(m);
                    return (string?)a["status"] != "in-progress";
                }, "the create action", 180_000);
            output.WriteLine($"create -> Booted in {clock.Elapsed.TotalSeconds:0.0} s, progress seen: {string.Join(' ', progress)}");
            Assert.Equal("completed", (string)action["status"]!);
            Assert.Contains(progress, p => p is >= 50 and < 100);
            var vm = QemuTestImage.VmFolder(server.DataDir, name);
            // While it boots the action says under which accelerator, and a KVM attempt that fell back says so.
            output.WriteLine("messages seen: " + string.Join(" | ", messages));
            var accel = (await File.ReadAllTextAsync(Path.Combine(vm, "accel"))).Trim();
            Assert.Contains(messages, m => m.Contains(accel.ToUpperInvariant(), StringComparison.Ordinal));
            if (accel == "tcg" && messages.Any(m => m.StartsWith("booting under KVM", StringComparison.Ordinal)))
                Assert.Contains(messages, m => m.StartsWith("KVM did not boot the guest", StringComparison.Ordinal));
            Assert.Contains("OPENECS-READY " + name, await File.ReadAllTextAsync(Path.Combine(vm, "console.log")));
            var booted = (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;
            Assert.Equal("Booted", (string)booted["status"]!);
            Assert.Equal("RUNNING", await CurrentStatusAsync(api, name));
            // User-mode networking: the server's address is the host's, and the guest's SSH is forwarded to ssh_port.
            Assert.Equal("127.0.0.1", (string)booted["ipv4"]!);
            var sshPort = (int)booted["ssh_port"]!;
            using (var tcp = new System.Net.Sockets.TcpClient()) await tcp.ConnectAsync("127.0.0.1", sshPort);
            var pid = QemuTestImage.Pid(server.DataDir, name);
            Assert.True(QemuTestImage.IsAlive(pid));

            // The console: the guest's shell answers a typed command, and the seed's user script ran.
            using (var socket = await ConsoleAsync(server, api, name))
            {
                var seen = new StringBuilder();
                await SendAsync(socket, "\r");
                await ReadUntilAsync(socket, $"root@{name}:", seen);
                await SendAsync(socket, "echo $((6*7)); cat /tmp/proof; hostname\r");
                await ReadUntilAsync(socket, "42", seen);
                await ReadUntilAsync(socket, "user-script-ran", seen);
                // The seed's ssh key is root's authorized key.
                await SendAsync(socket, "cat /root/.ssh/authorized_keys\r");
                await ReadUntilAsync(socket, "\n" + key, seen);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
            }

            var off = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
            Assert.Equal("completed", (string)(await WaitAsync(api, (long)off["id"]!, Patience))["status"]!);
            Assert.Equal("SHUTOFF", await CurrentStatusAsync(api, name));
            Assert.False(QemuTestImage.IsAlive(pid), "QEMU still runs after power_off");
            // The guest acted on the ACPI power button (a clean shutdown), not the kill.
            Assert.Contains("OPENECS-POWEROFF", await File.ReadAllTextAsync(Path.Combine(vm, "console.log")));

            var on = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
            Assert.Equal("completed", (string)(await WaitAsync(api, (long)on["id"]!, TimeSpan.FromMinutes(2)))["status"]!);
            Assert.Equal("RUNNING", await CurrentStatusAsync(api, name));
            var pid2 = QemuTestImage.Pid(server.DataDir, name);
            Assert.NotEqual(pid, pid2);

            var delete = (await api.DeleteJsonAsync($"servers/{name}")).AssertOk();
            Assert.Equal("completed", (string)(await WaitAsync(api, (long)delete["action"]!["id"]!, Patience))["status"]!);
            Assert.False(QemuTestImage.IsAlive(pid2), "QEMU still runs after delete");
            Assert.False(Directory.Exists(vm), "the VM folder is still there after delete");
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }

    [QemuFact]
    public async Task Metrics_of_a_running_vm_show_cpu_time_that_grows()
    {
        await using var server = await EcsServer.StartAsync("instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg", "OpenEcs:Metrics:Step=00:00:01"));
        try
        {
            using var api = server.Client();
            var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "openecs-tiny", notes = "metrics" })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            Assert.Equal("completed", (string)(await WaitAsync(api, (long)created["action_id"]!, TimeSpan.FromMinutes(3)))["status"]!);

            var qemu = server.Services.GetRequiredService<QemuHypervisor>();
            var first = (await qemu.ReadCountersAsync(name, CancellationToken.None))!;
            // An idle guest may spend less than a clock tick (10 ms) of CPU in a given second: wait for it to grow.
            var second = await Http.EventuallyAsync(async () => (await qemu.ReadCountersAsync(name, CancellationToken.None))!,
                c => c.CpuSeconds > first.CpuSeconds, "the VM's CPU time to grow", timeoutMs: 30_000);
            output.WriteLine($"cpu seconds {first.CpuSeconds} -> {second.CpuSeconds}, disk read bytes {second.DiskReadBytes}");
            Assert.True(second.CpuSeconds > first.CpuSeconds, $"CPU time did not grow: {first.CpuSeconds} -> {second.CpuSeconds}");

            var metrics = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"servers/{name}/metrics")).AssertOk()["metrics"]!,
                m => m["core"]!.AsArray().Count >= 2, "two metrics samples", timeoutMs: 20_000);
            var cpu = metrics["core"]!.AsArray().Select(p => double.Parse((string)p![1]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Contains(cpu, v => v > 0);

            var delete = (await api.DeleteJsonAsync($"servers/{name}")).AssertOk();
            await WaitAsync(api, (long)delete["action"]!["id"]!, Patience);
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }

    internal static async Task<JsonNode> WaitAsync(HttpClient api, long id, TimeSpan timeout)
    {
        var action = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!,
            a => (string?)a["status"] != "in-progress", $"action {id}", (int)timeout.TotalMilliseconds);
        return action;
    }

    internal static async Task<string> CurrentStatusAsync(HttpClient api, string name) =>
        (string)(await api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!;

    private static async Task<ClientWebSocket> ConsoleAsync(EcsServer server, HttpClient api, string name)
    {
        var key = (string)(await api.PostJsonAsync($"servers/{name}/actions", new { type = "console" })).AssertOk()["console_key"]!;
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/{key}"), timeout.Token);
        return socket;
    }

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task ReadUntilAsync(WebSocket socket, string expected, StringBuilder seen)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new Xunit.Sdk.XunitException($"console closed before '{expected}'; seen: {seen}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }
}

/// <summary>A guest that never says it is ready: its create fails with the reason (QEMU stopped), or a delete cancels it.</summary>
[Collection(QemuCollection.Name)]
public sealed class QemuBootFailureTests
{
    /// <summary>The tiny image under another name, waiting for a marker the guest never prints.</summary>
    private static async Task<EcsServer> MuteImageServerAsync(string bootTimeout)
    {
        var images = TempDir.Create();
        var tiny = Path.Combine(QemuTestImage.ImagesDir!, "openecs-tiny");
        var mute = Directory.CreateDirectory(Path.Combine(images, "mute")).FullName;
        await File.WriteAllTextAsync(Path.Combine(mute, "image.json"), $$"""
            { "name": "openecs-mute", "disk": "{{tiny}}/disk.qcow2", "kernel": "{{tiny}}/vmlinuz", "initrd": "{{tiny}}/initrd.img",
              "cmdline": "console=ttyS0 quiet", "seed": "initrd", "ready_marker": "NEVER-PRINTED", "required_disk_gb": 1 }
            """);
        return await EcsServer.StartAsync("instant",
        [
            .. QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"), $"OpenEcs:Qemu:ImagesDir={images}", $"OpenEcs:Qemu:BootTimeout={bootTimeout}",
        ]);
    }

    [QemuFact]
    public async Task A_vm_that_does_not_boot_fails_the_create_with_the_console_tail()
    {
        // Long enough for the tiny image (disk, dropbear) to print its own marker on a loaded machine.
        await using var server = await MuteImageServerAsync("00:01:30");
        try
        {
            using var api = server.Client();
            var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "openecs-mute", notes = "mute" })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            var action = await QemuLifecycleTests.WaitAsync(api, (long)created["action_id"]!, TimeSpan.FromMinutes(3));
            Assert.Equal("failed", (string)action["status"]!);
            var message = (string)action["message"]!;
            Assert.Contains("did not print 'NEVER-PRINTED' within 90 s", message);
            Assert.Contains("OPENECS-READY", message); // the console's last lines say what the guest did instead
            Assert.Equal("Failed", (string)(await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["status"]!);
            Assert.False(QemuTestImage.Runs(server.DataDir, name), "a failed VM keeps running");
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }

    [QemuFact]
    public async Task A_delete_during_boot_stops_the_vm_and_removes_its_folder()
    {
        await using var server = await MuteImageServerAsync("00:03:00");
        try
        {
            using var api = server.Client();
            var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "openecs-mute", notes = "short" })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            var createId = (long)created["action_id"]!;
            // QEMU runs and the guest boots (it will never say it is ready): the create waits at its boot step.
            await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{createId}")).AssertOk()["action"]!,
                a => (int)a["progress"]! >= 50, "the boot to be under way", 120_000);
            var pid = QemuTestImage.Pid(server.DataDir, name);
            Assert.True(QemuTestImage.IsAlive(pid));

            var delete = (await api.DeleteJsonAsync($"servers/{name}")).AssertOk();
            var deleteId = (long)delete["action"]!["id"]!;
            var create = await QemuLifecycleTests.WaitAsync(api, createId, TimeSpan.FromSeconds(30));
            Assert.Equal("failed", (string)create["status"]!);
            Assert.Equal($"cancelled by delete_server {deleteId}", (string)create["message"]!);
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, deleteId, TimeSpan.FromSeconds(60)))["status"]!);
            Assert.False(QemuTestImage.IsAlive(pid), "QEMU still runs after the delete");
            Assert.False(Directory.Exists(QemuTestImage.VmFolder(server.DataDir, name)), "the VM folder is still there");
            (await api.GetJsonAsync($"servers/{name}")).AssertError(System.Net.HttpStatusCode.NotFound);
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }
}
