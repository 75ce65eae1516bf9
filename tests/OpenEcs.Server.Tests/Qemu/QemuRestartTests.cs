using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>The control plane dies (kill -9) while a VM runs; the next start adopts the VM instead of restarting it.</summary>
public sealed class QemuRestartTests
{
    [QemuFact]
    public async Task Killed_control_plane_adopts_the_running_vm_on_restart()
    {
        await using var database = await TestDatabase.CreateAsync();
        try
        {
            string name;
            int pid;
            using (var first = await ServerProcess.StartAsync(database, "instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg")))
            {
                using var api = first.Client();
                var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "openecs-tiny", notes = "adopt" })).AssertOk();
                name = (string)created["server"]!["name"]!;
                var action = await QemuLifecycleTests.WaitAsync(api, (long)created["action_id"]!, TimeSpan.FromMinutes(3));
                Assert.True("completed" == (string)action["status"]!, action.ToJsonString() + "\n" + first.LogTail());
                pid = QemuTestImage.Pid(database.DataDir, name);
                first.Kill();
            }
            Assert.True(QemuTestImage.IsAlive(pid), "the VM died with the control plane");

            using var second = await ServerProcess.StartAsync(database, "instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"));
            using var api2 = second.Client();
            Assert.Equal("RUNNING", await QemuLifecycleTests.CurrentStatusAsync(api2, name));
            Assert.Equal(pid, QemuTestImage.Pid(database.DataDir, name));
            Assert.Contains($"VM {name} adopted: QEMU pid {pid}", second.LogTail(200));

            var delete = (await api2.DeleteJsonAsync($"servers/{name}")).AssertOk();
            await QemuLifecycleTests.WaitAsync(api2, (long)delete["action"]!["id"]!, TimeSpan.FromSeconds(30));
            Assert.False(QemuTestImage.IsAlive(pid));
        }
        finally
        {
            QemuTestImage.KillVmsUnder(database.DataDir);
        }
    }
}
