namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// <c>&lt;DataDir&gt;/vms/&lt;name&gt;/</c>: everything one VM is made of. The folder is the VM's whole state, so a
/// restarted control plane adopts a running VM from it (pid file + QMP socket) without any memory of its own.
/// </summary>
public sealed class VmFolder(string root, string name)
{
    public string Name { get; } = name;
    public string Path { get; } = System.IO.Path.Combine(root, name);
    public string Overlay => File("overlay.qcow2");
    public string SeedDir => File("seed");
    public string SeedIso => File("seed.iso");
    public string Initrd => File("initrd.img");
    public string Qmp => File("qmp.sock");
    public string Console => File("console.sock");
    public string ConsoleLog => File("console.log");
    /// <summary>The QEMU guest agent's channel (virtio-serial), for images that run qemu-guest-agent.</summary>
    public string Agent => File("qga.sock");
    public string PidFile => File("qemu.pid");
    public string QemuLog => File("qemu.log");
    /// <summary>The accelerator the VM last ran with, so a power_on keeps a fallback to TCG.</summary>
    public string AccelFile => File("accel");
    public string SshPortFile => File("ssh-port");
    /// <summary>How the user script's one turn ended, once it has (its presence means: never run it again).</summary>
    public string ScriptEndFile => File("script-end");

    public bool Exists => Directory.Exists(Path);

    private string File(string leaf) => System.IO.Path.Combine(Path, leaf);

    /// <summary>The pid of the VM's QEMU when it is alive (not a zombie, and the pid not reused by another program).</summary>
    public int? LivePid()
    {
        string text;
        try
        {
            text = System.IO.File.ReadAllText(PidFile);
        }
        catch (IOException)
        {
            return null; // no pid file, or QEMU removed it (or the folder went) as we read: not running
        }
        return int.TryParse(text.Trim(), out var pid) && IsOurs(pid, PidFile) ? pid : null;
    }

    /// <summary>True when <paramref name="pid"/> runs and its command line names <paramref name="pidFile"/>.</summary>
    public static bool IsOurs(int pid, string pidFile)
    {
        try
        {
            // Field 3 of stat is the state; Z and X are dead (an unreaped child of init still has a /proc entry).
            var stat = System.IO.File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            if (state is "Z" or "X") return false;
            return CommandLine(pid).Contains(pidFile);
        }
        catch (IOException)
        {
            return false;
        }
    }

    public static IReadOnlyList<string> CommandLine(int pid) =>
        System.IO.File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
}
