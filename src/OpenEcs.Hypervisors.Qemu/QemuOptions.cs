using Microsoft.Extensions.Options;
using OpenEcs.Core;

namespace OpenEcs.Hypervisors.Qemu;

public enum QemuAccel { Auto, Kvm, Tcg }

public enum QemuNetworkMode { User, Bridge }

/// <summary>The <c>OpenEcs:Qemu</c> section: used when <c>OpenEcs:Hypervisor:Kind</c> is <c>qemu</c>.</summary>
public sealed class QemuOptions
{
    public const string Section = "OpenEcs:Qemu";

    public string Binary { get; set; } = "qemu-system-x86_64";
    public string ImgBinary { get; set; } = "qemu-img";
    /// <summary>Folder of images, one sub-folder with an <c>image.json</c> each; empty: <c>&lt;DataDir&gt;/images</c>.</summary>
    public string? ImagesDir { get; set; }
    /// <summary><c>auto</c>: KVM when it works, TCG otherwise; <c>kvm</c> or <c>tcg</c> to force one.</summary>
    public QemuAccel Accel { get; set; } = QemuAccel.Auto;
    /// <summary>In auto mode, a VM under KVM that shows no sign of life within this is restarted under TCG.</summary>
    public TimeSpan KvmBootTimeout { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a guest may take to say it is ready before its create (or power_on) fails.</summary>
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromMinutes(3);
    /// <summary>power_off: how long the guest has to act on the ACPI power button before QEMU is told to quit.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>A server is Customizing until its image reports the user script's end, or this long after its boot.</summary>
    public TimeSpan UserScriptTimeout { get; set; } = TimeSpan.FromHours(1);
    /// <summary>Host caps: a plan's vCPUs and RAM are cut to these so one big plan cannot exhaust the host.</summary>
    public int MaxCpu { get; set; } = Environment.ProcessorCount;
    public int MaxRamMb { get; set; } = 4096;
    public QemuNetworkOptions Network { get; set; } = new();
    public QemuVxlanOptions Vxlan { get; set; } = new();

    /// <summary>The images folder after defaulting.</summary>
    public string ImagesPath(OpenEcsOptions ecs) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(ImagesDir) ? Path.Combine(ecs.FullDataDir, "images") : ImagesDir);
}

public sealed class QemuNetworkOptions
{
    /// <summary><c>user</c>: QEMU's user-mode network, the guest's SSH port forwarded to a host port; <c>bridge</c>: a tap on <see cref="Bridge"/>.</summary>
    public QemuNetworkMode Mode { get; set; } = QemuNetworkMode.User;
    /// <summary>The host address clients reach forwarded ports on (user mode).</summary>
    public string HostAddress { get; set; } = "127.0.0.1";
    /// <summary>Bridge mode: the host bridge the taps join (it must exist).</summary>
    public string? Bridge { get; set; }
    /// <summary>Bridge mode: the gateway and DNS handed to guests through the seed.</summary>
    public string? Gateway { get; set; }
    /// <summary>Bridge mode: the prefix length of the guests' addresses (the region pool's).</summary>
    public int PrefixLength { get; set; } = 16;
    /// <summary>
    /// User mode: <c>restrict=on</c>, so guests keep their forwarded SSH port but reach nothing else: not the host's
    /// loopback (which QEMU's user network puts behind the guest's gateway address), nor any other network.
    /// </summary>
    public bool Restrict { get; set; } = true;
    /// <summary>
    /// Bridge mode: nftables rules per VM (its own MAC and pool address only; no frames from VMs of other accounts)
    /// and for the host (VMs reach none of its services but <see cref="HostServices"/>). Off when the operator
    /// filters the bridge in another way.
    /// </summary>
    public bool Firewall { get; set; } = true;
    /// <summary>Bridge mode: services of the host that VMs may reach, e.g. <c>udp/53</c> for a DNS server on the gateway.</summary>
    public List<string> HostServices { get; set; } = [];
}

/// <summary>
/// Private networks between hosts: each network's bridge gets a VXLAN device (VNI = the network's number, e.g. 17 for
/// <c>net000017</c>) sending to every peer, so a network spans the hosts. Off while <see cref="Local"/> is empty.
/// </summary>
public sealed class QemuVxlanOptions
{
    /// <summary>This host's address on the network between the hosts (the underlay).</summary>
    public string? Local { get; set; }
    /// <summary>The underlay addresses of the other hosts.</summary>
    public List<string> Peers { get; set; } = [];
    /// <summary>The UDP port; one cluster per port on a shared underlay.</summary>
    public int Port { get; set; } = 4789;

    public bool Enabled => !string.IsNullOrWhiteSpace(Local);
}

/// <summary>Start-up checks of the QEMU driver; each message says what is missing and how to fix it.</summary>
public sealed class QemuOptionsValidator(IOptions<OpenEcsOptions> ecs) : IValidateOptions<QemuOptions>
{
    public ValidateOptionsResult Validate(string? name, QemuOptions o)
    {
        if (!ecs.Value.Hypervisor.IsQemu) return ValidateOptionsResult.Skip;
        var errors = new List<string>();
        if (Tools.Find(o.Binary) is null)
            errors.Add($"OpenEcs:Qemu:Binary '{o.Binary}' was not found: install QEMU (apt-get install qemu-system-x86) or set the key to its path");
        if (Tools.Find(o.ImgBinary) is null)
            errors.Add($"OpenEcs:Qemu:ImgBinary '{o.ImgBinary}' was not found: install qemu-utils or set the key to its path");
        var images = o.ImagesPath(ecs.Value);
        try
        {
            _ = Directory.GetDirectories(images);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"OpenEcs:Qemu:ImagesDir '{images}' cannot be read ({e.Message}): create it and put images in it (scripts/build-test-image.sh DIR builds one)");
        }
        if (o.MaxCpu < 1) errors.Add("OpenEcs:Qemu:MaxCpu must be at least 1");
        if (o.MaxRamMb < 64) errors.Add("OpenEcs:Qemu:MaxRamMb must be at least 64");
        if (o.BootTimeout < TimeSpan.FromSeconds(1)) errors.Add("OpenEcs:Qemu:BootTimeout must be at least 1 second");
        if (o.ShutdownGrace < TimeSpan.Zero) errors.Add("OpenEcs:Qemu:ShutdownGrace must not be negative");
        if (o.UserScriptTimeout < TimeSpan.FromSeconds(1)) errors.Add("OpenEcs:Qemu:UserScriptTimeout must be at least 1 second");
        if (!System.Net.IPAddress.TryParse(o.Network.HostAddress, out _))
            errors.Add($"OpenEcs:Qemu:Network:HostAddress '{o.Network.HostAddress}' is not an IP address");
        if (o.Network.Mode == QemuNetworkMode.Bridge && string.IsNullOrWhiteSpace(o.Network.Bridge))
            errors.Add("OpenEcs:Qemu:Network:Bridge must name a host bridge when OpenEcs:Qemu:Network:Mode is bridge");
        if (o.Network.Mode == QemuNetworkMode.Bridge && o.Network.Firewall && Tools.Find("nft") is null)
            errors.Add("OpenEcs:Qemu:Network:Firewall needs nft (apt-get install nftables); set it to false only when the operator filters the bridge otherwise");
        foreach (var service in o.Network.HostServices.Where(s => BridgeFirewall.ParseService(s) is null))
            errors.Add($"OpenEcs:Qemu:Network:HostServices entry '{service}' is not of the form tcp/PORT or udp/PORT");
        if (o.Vxlan.Enabled && !System.Net.IPAddress.TryParse(o.Vxlan.Local, out _))
            errors.Add($"OpenEcs:Qemu:Vxlan:Local '{o.Vxlan.Local}' is not an IP address (this host's address on the network between the hosts)");
        foreach (var peer in o.Vxlan.Peers.Where(p => !System.Net.IPAddress.TryParse(p, out _)))
            errors.Add($"OpenEcs:Qemu:Vxlan:Peers entry '{peer}' is not an IP address");
        if (o.Vxlan.Peers.Count > 0 && !o.Vxlan.Enabled)
            errors.Add("OpenEcs:Qemu:Vxlan:Peers needs OpenEcs:Qemu:Vxlan:Local, this host's own address among them");
        if (o.Vxlan.Port is < 1 or > 65535) errors.Add("OpenEcs:Qemu:Vxlan:Port must be 1 to 65535");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal static class Tools
{
    /// <summary>The full path of a program given by name (searched on PATH) or by path; null when absent.</summary>
    public static string? Find(string program)
    {
        if (program.Contains('/')) return File.Exists(program) ? Path.GetFullPath(program) : null;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
