using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// Snapshots, rollbacks and templates of real VMs, through the API only, checked on the VMs' disks themselves. The
/// first test works on any image (it writes and reads the disk from the host, past the guest's own file system); the
/// second is the issue's acceptance and needs a guest whose files live on its disk.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuSnapshotTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(3);
    /// <summary>Past the tiny images' own file systems, inside every plan's disk.</summary>
    private const long Offset = 512L << 20;

    private static async Task<string> QemuIoAsync(string disk, string command, bool readOnly)
    {
        var info = new ProcessStartInfo("qemu-io") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (readOnly) foreach (var a in new[] { "-r", "-U" }) info.ArgumentList.Add(a);
        foreach (var a in new[] { "-f", "qcow2", "-c", command, disk }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var text = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return p.ExitCode == 0 ? text : throw new Xunit.Sdk.XunitException($"qemu-io {command} {disk}: exit {p.ExitCode}: {text}");
    }

    /// <summary>The disk holds <paramref name="pattern"/> at the offset (read through its backing chain).</summary>
    private static async Task<bool> HoldsAsync(string disk, byte pattern)
    {
        try
        {
            await QemuIoAsync(disk, $"read -P 0x{pattern:x2} {Offset} 64k", readOnly: true);
            return true;
        }
        catch (Xunit.Sdk.XunitException e) when (e.Message.Contains("Pattern verification failed"))
        {
            return false;
        }
    }

    private static async Task<JsonNode> DoneAsync(HttpClient api, JsonNode started, TimeSpan? within = null)
    {
        var id = (long)(started["action_id"] ?? started["action"]?["id"] ?? started["id"])!;
        var action = await QemuLifecycleTests.WaitAsync(api, id, within ?? Boot);
        Assert.True((string)action["status"]! == "completed", $"action {id} {action["type"]}: {action.ToJsonString()}");
        return action;
    }

    private static async Task<JsonNode> PowerAsync(HttpClient api, string name, string type) =>
        (await api.PostJsonAsync($"servers/{name}/actions", new { type })).AssertOk();

    [QemuFact]
    public async Task Snapshots_rollbacks_and_templates_are_real_copies_of_the_vm_disk()
    {
        await using var server = await EcsServer.StartAsync("instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"));
        try
        {
            using var api = server.Client();
            var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "openecs-tiny", notes = "snap" })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            await DoneAsync(api, created);
            var overlay = Path.Combine(QemuTestImage.VmFolder(server.DataDir, name), "overlay.qcow2");

            // The state to keep: written while the VM is off, then the VM runs and the snapshot is taken live (QMP).
            await DoneAsync(api, await PowerAsync(api, name, "power_off"));
            await QemuIoAsync(overlay, $"write -P 0x5a {Offset} 64k", readOnly: false);
            await DoneAsync(api, await PowerAsync(api, name, "power_on"));
            var clock = Stopwatch.StartNew();
            var taken = (await api.PostJsonAsync($"servers/{name}/snapshots", new { description = "A" })).AssertOk();
            await DoneAsync(api, taken);
            output.WriteLine($"live snapshot in {clock.Elapsed.TotalSeconds:0.0} s");
            var id = (long)taken["snapshot"]!["id"]!;
            var snapshot = (await api.GetJsonAsync($"servers/{name}/snapshots/{id}")).AssertOk()["snapshot"]!;
            Assert.True((long)snapshot["size_on_disk"]! > 0);
            Assert.True(QemuTestImage.Runs(server.DataDir, name), "a live snapshot stopped the VM");
            Assert.Contains($"{name}-SNP-1", await ImgInfoAsync(overlay));

            // Changed afterwards, then rolled back while off: the disk holds what the snapshot held.
            await DoneAsync(api, await PowerAsync(api, name, "power_off"));
            await QemuIoAsync(overlay, $"write -P 0xa5 {Offset} 64k", readOnly: false);
            Assert.False(await HoldsAsync(overlay, 0x5a));
            await DoneAsync(api, (await api.PostJsonAsync($"servers/{name}/actions", new { type = "rollback", snapshot = id })).AssertOk());
            Assert.True(await HoldsAsync(overlay, 0x5a), "the rollback did not restore the disk");
            Assert.Equal("SHUTOFF", await QemuLifecycleTests.CurrentStatusAsync(api, name));

            // A rollback of a running VM stops and starts it around the restore.
            await DoneAsync(api, await PowerAsync(api, name, "power_on"));
            var pid = QemuTestImage.Pid(server.DataDir, name);
            await DoneAsync(api, (await api.PostJsonAsync($"servers/{name}/actions", new { type = "rollback", snapshot = id })).AssertOk());
            Assert.True(QemuTestImage.Runs(server.DataDir, name), "the VM is not running after its rollback");
            Assert.NotEqual(pid, QemuTestImage.Pid(server.DataDir, name));

            // Templates: of the running server (read from a snapshot of the moment) and of the snapshot; standalone disks.
            var fromServer = (await api.PostJsonAsync("templates", new { server = name, description = "live" })).AssertOk();
            var fromSnapshot = (await api.PostJsonAsync("templates", new JsonObject { ["server"] = null, ["snapshot"] = id })).AssertOk();
            await DoneAsync(api, fromServer);
            await DoneAsync(api, fromSnapshot);
            var templates = Path.Combine(server.DataDir, "templates");
            foreach (var t in new[] { fromServer, fromSnapshot })
            {
                var disk = Path.Combine(templates, (string)t["template"]!["name"]!, "disk.qcow2");
                Assert.True(await HoldsAsync(disk, 0x5a), $"template {t["template"]!["name"]} lacks the server's data");
                Assert.DoesNotContain("backing file", await ImgInfoAsync(disk));
            }
            Assert.DoesNotContain("capture-", await ImgInfoAsync(overlay)); // the moment's snapshot is gone again

            // A server from the template boots, its disk built on the template's.
            var template = (string)fromSnapshot["template"]!["name"]!;
            var clone = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = template, notes = "clone" })).AssertOk();
            var cloneName = (string)clone["server"]!["name"]!;
            await DoneAsync(api, clone);
            var cloneDisk = Path.Combine(QemuTestImage.VmFolder(server.DataDir, cloneName), "overlay.qcow2");
            Assert.True(await HoldsAsync(cloneDisk, 0x5a));

            // Deleting the template does not break the clone: it powers off and on, and its data stays.
            await DoneAsync(api, (await api.DeleteJsonAsync($"templates/{template}")).AssertOk());
            (await api.GetJsonAsync($"templates/{template}")).AssertError(System.Net.HttpStatusCode.NotFound);
            (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = template, notes = "late" }))
                .AssertError(System.Net.HttpStatusCode.BadRequest, "unknown image");
            await DoneAsync(api, await PowerAsync(api, cloneName, "power_off"));
            await DoneAsync(api, await PowerAsync(api, cloneName, "power_on"));
            Assert.True(await HoldsAsync(cloneDisk, 0x5a));
            // ... and its last user's delete lets its files go.
            Assert.True(Directory.Exists(Path.Combine(templates, template)));
            await DoneAsync(api, (await api.DeleteJsonAsync($"servers/{cloneName}")).AssertOk(), TimeSpan.FromSeconds(60));
            Assert.False(Directory.Exists(Path.Combine(templates, template)), "the deleted template's files outlived its last VM");

            // Snapshot deletes: live (QMP) and with the VM off (qemu-img).
            var second = (await api.PostJsonAsync($"servers/{name}/snapshots", new { description = "B" })).AssertOk();
            await DoneAsync(api, second);
            await DoneAsync(api, (await api.DeleteJsonAsync($"servers/{name}/snapshots/{id}")).AssertOk());
            await DoneAsync(api, await PowerAsync(api, name, "power_off"));
            await DoneAsync(api, (await api.DeleteJsonAsync($"servers/{name}/snapshots/{second["snapshot"]!["id"]}")).AssertOk());
            var info = await ImgInfoAsync(overlay);
            Assert.DoesNotContain($"{name}-SNP-1", info);
            Assert.DoesNotContain($"{name}-SNP-2", info);
            Assert.True(await HoldsAsync(overlay, 0x5a));
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }

    private static async Task<string> ImgInfoAsync(string disk)
    {
        var info = new ProcessStartInfo("qemu-img") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "info", "-U", disk }) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var text = await p.StandardOutput.ReadToEndAsync() + await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return text;
    }

    [QemuDiskFact]
    public async Task A_user_script_writes_a_file_that_a_rollback_restores_and_a_template_carries()
    {
        await using var server = await EcsServer.StartAsync("instant", QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"));
        try
        {
            using var api = server.Client();
            const string script = "#!/bin/sh\necho first > /root/proof.txt\necho ran >> /root/runs.txt\nsync\n";
            var created = (await api.PostJsonAsync("servers", new
            {
                plan = "ECS1", location = "it-fr2", image = "openecs-tiny", notes = "acceptance", user_customize = script,
            })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            var clock = Stopwatch.StartNew();
            await DoneAsync(api, created);
            await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!,
                s => (string)s["status"]! == "Booted", "the user script's end", 120_000);
            output.WriteLine($"booted with its script in {clock.Elapsed.TotalSeconds:0.0} s");
            const string Probe = "echo P=$(cat /root/proof.txt) R=$(wc -l < /root/runs.txt)";

            await using (var console = await GuestConsole.OpenAsync(server, api, name))
            {
                await console.RunAsync(Probe, "P=first R=1");
                await console.RunAsync("sync; echo SYNCED", "\nSYNCED");
            }
            var snapshot = (await api.PostJsonAsync($"servers/{name}/snapshots", new { description = "with the file" })).AssertOk();
            await DoneAsync(api, snapshot);
            await using (var console = await GuestConsole.OpenAsync(server, api, name))
                await console.RunAsync("echo changed > /root/proof.txt; sync; echo P=$(cat /root/proof.txt)", "P=changed");

            var rollback = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "rollback", snapshot = (long)snapshot["snapshot"]!["id"]! })).AssertOk();
            await DoneAsync(api, rollback);
            // The original content is back, and the script did not run again on the boot after the restore.
            await using (var console = await GuestConsole.OpenAsync(server, api, name))
                await console.RunAsync(Probe, "P=first R=1");

            var template = (await api.PostJsonAsync("templates", new { server = name, description = "with the file" })).AssertOk();
            await DoneAsync(api, template);
            var clone = (await api.PostJsonAsync("servers", new
            {
                plan = "ECS1", location = "it-fr2", image = (string)template["template"]!["name"]!, notes = "from the template",
            })).AssertOk();
            var cloneName = (string)clone["server"]!["name"]!;
            await DoneAsync(api, clone);
            await using (var console = await GuestConsole.OpenAsync(server, api, cloneName))
            {
                await console.RunAsync(Probe, "P=first R=1");
                await console.RunAsync("hostname", cloneName);
            }
            output.WriteLine($"acceptance walk in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            QemuTestImage.KillVmsUnder(server.DataDir);
        }
    }
}

/// <summary>A QEMU test whose guest keeps its files on the VM's disk: the test image must have one (its manifest says so).</summary>
public sealed class QemuDiskFactAttribute : FactAttribute
{
    public QemuDiskFactAttribute()
    {
        Skip = new QemuFactAttribute().Skip;
        if (Skip is not null || QemuTestImage.ImagesDir is not { } dir) return;
        var manifest = Path.Combine(dir, "openecs-tiny", "image.json");
        // main's tiny image lives in its initramfs (its disk is blank); the image of servers one logs in to boots from
        // its disk and names its default user.
        if (!File.Exists(manifest) || JsonNode.Parse(File.ReadAllText(manifest))?["default_user"] is null)
            Skip = $"the test image at {dir} keeps no files on its disk (its manifest names no default_user): build the image " +
                   "with a persistent disk (scripts/build-test-image.sh of the login work) into that folder";
    }
}
