using System.Diagnostics;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// Where the tiny image lives (OPENECS_TEST_QEMU_IMAGES, filled by scripts/build-test-image.sh; .ci/run sets it) and
/// the settings that make a test server run real VMs on it.
/// </summary>
public static class QemuTestImage
{
    public static string? ImagesDir => Environment.GetEnvironmentVariable("OPENECS_TEST_QEMU_IMAGES") is { Length: > 0 } d ? d : null;

    public static string[] Settings(params string[] more) =>
    [
        "OpenEcs:Hypervisor:Kind=qemu",
        $"OpenEcs:Qemu:ImagesDir={ImagesDir}",
        // Small guests: the tiny image needs little, and the CI host is shared.
        "OpenEcs:Qemu:MaxRamMb=192",
        "OpenEcs:Qemu:MaxCpu=1",
        "OpenEcs:Qemu:ShutdownGrace=00:00:15",
        "OpenEcs:Qemu:BootTimeout=00:02:00",
        .. more,
    ];

    public static string VmFolder(string dataDir, string name) => Path.Combine(dataDir, "vms", name);

    public static int Pid(string dataDir, string name) => int.Parse(File.ReadAllText(Path.Combine(VmFolder(dataDir, name), "qemu.pid")).Trim());

    /// <summary>The VM's QEMU runs (QEMU removes its pid file when it exits).</summary>
    public static bool Runs(string dataDir, string name) =>
        File.Exists(Path.Combine(VmFolder(dataDir, name), "qemu.pid")) && IsAlive(Pid(dataDir, name));

    /// <summary>Alive and not a zombie (a daemonized QEMU that exited may wait unreaped under PID 1).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>A failing test must not leave VMs running on the host: kills every QEMU whose files are under the folder.</summary>
    public static void KillVmsUnder(string dataDir)
    {
        var vms = Path.Combine(dataDir, "vms");
        if (!Directory.Exists(vms)) return;
        foreach (var pidFile in Directory.EnumerateFiles(vms, "qemu.pid", SearchOption.AllDirectories))
        {
            if (!int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) || !IsAlive(pid)) continue;
            try
            {
                if (File.ReadAllText($"/proc/{pid}/cmdline").Contains(pidFile)) Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException) { }
        }
    }
}

/// <summary>A test that boots real VMs: skipped, with the reason, when no test image was built.</summary>
public sealed class QemuFactAttribute : FactAttribute
{
    public QemuFactAttribute()
    {
        if (QemuTestImage.ImagesDir is null)
            Skip = "needs QEMU and the tiny image: scripts/build-test-image.sh DIR, then OPENECS_TEST_QEMU_IMAGES=DIR (.ci/run does both)";
        // Real VMs do not depend on the store: booting them once (on the SQLite pass) is enough.
        else if (Infrastructure.TestDatabase.IsPostgres)
            Skip = "QEMU tests run on the sqlite pass only (OPENECS_TEST_STORE=postgres)";
    }
}

/// <summary>QEMU tests run one after another: VMs under TCG each take a core.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuCollection
{
    public const string Name = "qemu";
}
