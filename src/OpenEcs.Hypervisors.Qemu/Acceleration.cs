using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// KVM where it works, TCG otherwise. Opening /dev/kvm is not proof: under some nested setups QEMU starts with KVM and
/// the guest then never runs. So in auto mode a VM's first boot under KVM has a deadline (KvmBootTimeout); missing it
/// marks KVM unusable for this process and the VM boots again under TCG. A VM keeps the accelerator it booted with.
/// </summary>
public sealed partial class Acceleration(IOptions<QemuOptions> options, ILogger<Acceleration> log)
{
    private volatile string? _kvmBroken;

    /// <summary>Why KVM was given up in this process, or null while it is still trusted.</summary>
    public string? KvmBrokenReason => _kvmBroken;

    public string For(VmFolder vm)
    {
        switch (options.Value.Accel)
        {
            case QemuAccel.Kvm: return "kvm";
            case QemuAccel.Tcg: return "tcg";
        }
        if (_kvmBroken is not null) return "tcg";
        if (File.Exists(vm.AccelFile) && File.ReadAllText(vm.AccelFile).Trim() == "tcg") return "tcg";
        if (!KvmOpens())
        {
            KvmFailed("/dev/kvm cannot be opened");
            return "tcg";
        }
        return "kvm";
    }

    public void KvmFailed(string reason)
    {
        if (_kvmBroken is not null) return;
        _kvmBroken = reason;
        LogFallback(reason);
    }

    private static bool KvmOpens()
    {
        try
        {
            using var kvm = new FileStream("/dev/kvm", FileMode.Open, FileAccess.ReadWrite);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [LoggerMessage(LogLevel.Warning, "KVM is not usable ({Reason}): VMs run under TCG (emulation, slower)")]
    private partial void LogFallback(string reason);
}
