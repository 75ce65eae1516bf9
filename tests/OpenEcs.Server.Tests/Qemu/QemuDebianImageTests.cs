using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;
using Renci.SshNet;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// The real Debian image of scripts/build-debian-image.sh (in the same images folder as the tiny one): cloud-init
/// takes the seed, and a user logs in as ecuser with the key and the password, with sudo, after the user script ran.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuDebianImageTests(ITestOutputHelper output)
{
    /// <summary>The name of the Debian image in the images folder, or null.</summary>
    public static string? Image => QemuTestImage.ImagesDir is { } dir && Directory.Exists(dir)
        ? Directory.EnumerateDirectories(dir, "debian-*").Where(d => File.Exists(Path.Combine(d, "image.json")))
            .Select(d => (string?)JsonNode.Parse(File.ReadAllText(Path.Combine(d, "image.json")))!["name"]).FirstOrDefault()
        : null;

    [QemuDebianFact]
    public async Task Cloud_init_on_the_debian_image_sets_up_ecuser_with_the_key_password_and_sudo()
    {
        var image = Image!;
        var keys = TestKeys.Create("debian-test@openecs");
        const string password = "debian-Pa55word";
        // A real distribution under TCG: minutes, not seconds.
        await using var server = await EcsServer.StartAsync("instant", QemuTestImage.Settings(
            "OpenEcs:Qemu:Accel=tcg", "OpenEcs:Qemu:MaxRamMb=1024", "OpenEcs:Qemu:MaxCpu=2", "OpenEcs:Qemu:BootTimeout=00:12:00"));
        try
        {
            using var api = server.Client();
            (await api.PostJsonAsync("sshkeys", new { key = keys.PublicKey, label = "laptop" })).AssertOk();
            var clock = Stopwatch.StartNew();
            var created = (await api.PostJsonAsync("servers", new JsonObject
            {
                ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = image, ["notes"] = "debian", ["ssh_key"] = "laptop",
                ["password"] = password, ["user_customize"] = "#!/bin/bash\nset -e\necho \"customized on $(hostname)\" > /root/out.txt\n",
            })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            var action = await QemuLifecycleTests.WaitAsync(api, (long)created["action_id"]!, TimeSpan.FromMinutes(13));
            Assert.True((string)action["status"]! == "completed", action.ToJsonString());
            output.WriteLine($"{image}: create -> Booted (cloud-init done) in {clock.Elapsed.TotalSeconds:0} s under TCG");
            var port = (int)(await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["ssh_port"]!;

            using (var ssh = await GuestSsh.ConnectAsync("127.0.0.1", port, keys.Auth("ecuser")))
            {
                output.WriteLine($"{image}: first SSH login after {clock.Elapsed.TotalSeconds:0} s");
                Assert.Equal(name, ssh.Run("hostname").Trim());
                Assert.Equal($"customized on {name}", ssh.Run("sudo -n cat /root/out.txt").Trim());
                Assert.Equal("root", ssh.Run("sudo -n whoami").Trim());
                Assert.Contains("done", ssh.Run("cloud-init status || true"));
                Assert.Equal("active", ssh.Run("systemctl is-active qemu-guest-agent || true").Trim());
                // The disk is the server's whole disk: cloud-init grew the file system to the plan's size.
                output.WriteLine(ssh.Run("df -h / | tail -n 1"));
            }
            using (var byPassword = await GuestSsh.ConnectAsync("127.0.0.1", port, new PasswordAuthenticationMethod("ecuser", password)))
                Assert.Equal("ecuser", byPassword.Run("whoami").Trim());
            using (var root = await GuestSsh.ConnectAsync("127.0.0.1", port, keys.Auth("root")))
                Assert.Equal("0", root.Run("id -u").Trim());

            var delete = (await api.DeleteJsonAsync($"servers/{name}")).AssertOk();
            await QemuLifecycleTests.WaitAsync(api, (long)delete["action"]!["id"]!, TimeSpan.FromMinutes(1));
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }
}

/// <summary>A QEMU test on the Debian image: skipped, saying how to build it, when the images folder has none.</summary>
public sealed class QemuDebianFactAttribute : FactAttribute
{
    public QemuDebianFactAttribute()
    {
        Skip = new QemuFactAttribute().Skip
               ?? (QemuDebianImageTests.Image is null ? "needs the Debian image: scripts/build-debian-image.sh DIR (the OPENECS_TEST_QEMU_IMAGES folder; .ci/run does it)" : null);
    }
}
