using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// The control plane dies (kill -9) while VMs run. The next start adopts a running VM instead of restarting it, shows a
/// VM that died meanwhile as SHUTOFF, and reports (here: stops) a QEMU process that no server in the store owns.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuRestartTests
{
    [QemuFact]
    public async Task Killed_control_plane_adopts_running_vms_and_sees_dead_and_unknown_ones_on_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        var settings = QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg");
        try
        {
            string adopted, dying;
            using (var first = await ServerProcess.StartAsync(database, "instant", settings))
            {
                using var api = first.Client();
                var names = new List<string>();
                var actions = new List<long>();
                foreach (var notes in new[] { "adopt", "die" })
                {
                    var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "openecs-tiny", notes })).AssertOk();
                    names.Add((string)created["server"]!["name"]!);
                    actions.Add((long)created["action_id"]!);
                }
                foreach (var id in actions)
                {
                    var action = await QemuLifecycleTests.WaitAsync(api, id, TimeSpan.FromMinutes(3));
                    Assert.True("completed" == (string)action["status"]!, action.ToJsonString() + "\n" + first.LogTail());
                }
                (adopted, dying) = (names[0], names[1]);
                first.Kill();
            }
            var pid = QemuTestImage.Pid(database.DataDir, adopted);
            var dyingPid = QemuTestImage.Pid(database.DataDir, dying);
            Assert.True(QemuTestImage.IsAlive(pid), "the VM died with the control plane");
            System.Diagnostics.Process.GetProcessById(dyingPid).Kill(); // dies while nobody watches

            using (var second = await ServerProcess.StartAsync(database, "instant", settings))
            {
                using var api = second.Client();
                Assert.Equal("RUNNING", await QemuLifecycleTests.CurrentStatusAsync(api, adopted));
                Assert.Equal(pid, QemuTestImage.Pid(database.DataDir, adopted));
                Assert.Contains($"VM {adopted} adopted", second.LogTail(200));
                Assert.Equal("SHUTOFF", await QemuLifecycleTests.CurrentStatusAsync(api, dying));
                Assert.Contains($"VM {dying} stopped while the control plane was down", second.LogTail(200));
                second.Kill();
            }

            // The store forgets the adopted server: its QEMU is now unknown, and this start stops it as configured.
            await database.ScalarAsync($"UPDATE \"Servers\" SET \"Status\" = 'Deleted' WHERE \"Name\" = '{adopted}'");
            using var third = await ServerProcess.StartAsync(database, "instant", [.. settings, "OpenEcs:Hypervisor:StopUnknownVms=true"]);
            await Http.EventuallyAsync(() => Task.FromResult(QemuTestImage.IsAlive(pid)), alive => !alive, "the unknown VM stopped", 20_000);
            Assert.Contains($"VM {adopted} runs but no server in the store owns it (halting it, disk kept: True)", third.LogTail(200));
            // Stopped, not deleted: its disk stays for the operator to look at.
            Assert.True(File.Exists(Path.Combine(QemuTestImage.VmFolder(database.DataDir, adopted), "overlay.qcow2")));
        }
        finally
        {
            QemuTestImage.KillVmsUnder(database.DataDir);
        }
    }
}
