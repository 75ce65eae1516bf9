using System.Net.WebSockets;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// One real VM, as a separate server process sees it: its files are the owner's only, its QEMU does not hold the data
/// folder's lock, a console flood stays bounded, and the emulator's reset stops and removes it.
/// </summary>
[Collection(QemuCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class QemuHardeningTests(ITestOutputHelper output)
{
    [QemuFact]
    public async Task A_vms_files_are_private_its_qemu_holds_no_lock_a_console_flood_is_bounded_and_reset_removes_it()
    {
        await using var database = await TestDatabase.CreateAsync();
        try
        {
            using var server = await ServerProcess.StartAsync(database, "instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"));
            using var api = server.Client();
            using var emulator = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "/_openecs/") };
            emulator.DefaultRequestHeaders.Add("X-APITOKEN", EcsServer.AdminToken);
            var created = (await api.PostJsonAsync("servers", new
            {
                plan = "ECS1", location = "it-fr2", image = "openecs-tiny", notes = "hardening", user_customize = "#!/bin/sh\necho secret-script\n",
            })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            var action = await QemuLifecycleTests.WaitAsync(api, (long)created["action_id"]!, TimeSpan.FromMinutes(3));
            Assert.True("completed" == (string)action["status"]!, action.ToJsonString() + "\n" + server.LogTail());

            // The disk, the seed (with the user's script) and the console log: the owner's only.
            var vm = QemuTestImage.VmFolder(database.DataDir, name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(vm));
            foreach (var file in new[] { "overlay.qcow2", "seed/user-data", "seed/meta-data", "initrd.img", "console.log" })
                Assert.True(File.GetUnixFileMode(Path.Combine(vm, file)) == (UnixFileMode.UserRead | UnixFileMode.UserWrite),
                    $"{file} is {File.GetUnixFileMode(Path.Combine(vm, file))}");

            // QEMU was started by the server but holds none of its descriptors: the data folder's lock stays the server's.
            var pid = QemuTestImage.Pid(database.DataDir, name);
            var held = Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "").ToList();
            Assert.DoesNotContain(held, target => target.EndsWith("openecs.lock", StringComparison.Ordinal));

            // 20 MB typed into the guest's console by a client that never reads.
            var key = (string)(await api.PostJsonAsync($"servers/{name}/actions", new { type = "console" })).AssertOk()["console_key"]!;
            var before = (long)(await emulator.PostJsonAsync("memory")).AssertOk()["managed_bytes"]!;
            using (var socket = new ClientWebSocket())
            {
                await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/{key}"), CancellationToken.None);
                long after = 0;
                var sent = await ConsoleFlood.SendAsync(socket, 20 * 1024 * 1024,
                    async () => after = (long)(await emulator.PostJsonAsync("memory")).AssertOk()["managed_bytes"]!);
                output.WriteLine($"QEMU console: sent {sent / 1048576.0:0.0} MB; managed heap {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after");
                Assert.True(after - before < 64L * 1024 * 1024, $"the heap grew by {(after - before) / 1048576.0:0.0} MB");
                socket.Abort();
            }

            (await emulator.PostJsonAsync("reset")).AssertOk();
            await Http.EventuallyAsync(() => Task.FromResult(QemuTestImage.IsAlive(pid)), alive => !alive, "the forgotten VM to stop", 30_000);
            Assert.False(Directory.Exists(vm), "the forgotten VM's folder is still there");
            Assert.Equal(0, (int)(await api.GetJsonAsync("servers")).AssertOk()["count"]!);
        }
        finally
        {
            QemuTestImage.KillVmsUnder(database.DataDir);
        }
    }
}
