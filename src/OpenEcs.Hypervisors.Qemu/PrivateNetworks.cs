using System.Security.Cryptography;
using System.Text;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>A NIC of the VM on a private network, as its launch keeps it: the segment's bridge and the VM's tap on it.</summary>
public sealed record LaunchInterface(string Network, string Mac, string Bridge, string Tap);

/// <summary>
/// Private networks on this host: a Linux bridge per network (no address, no uplink, so the host routes nothing in
/// or out) and a tap per interface joined to it. Two VMs reach each other only through a bridge they share. Names
/// are hashed with the data folder, so two OpenECS instances on one host never share a segment. Between hosts a network
/// is one segment through a VXLAN device on its bridge (<see cref="QemuVxlanOptions"/>). Needs CAP_NET_ADMIN and the ip
/// tool, whichever network mode the VMs' primary NIC uses.
/// </summary>
internal static class PrivateNetworks
{
    public static LaunchInterface For(string salt, string server, VmInterface nic) =>
        new(nic.Network, nic.Mac, "oeb" + Hash($"{salt}/{nic.Network}"), "oei" + Hash($"{salt}/{server}/{nic.Network}"));

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    private static string Ip => Tools.Find("ip") ?? throw new HypervisorException("private networks need the ip tool (apt-get install iproute2)");

    /// <summary>The network's bridge (made once, kept while taps are on it, with its VXLAN device when on) and the VM's tap on it.</summary>
    public static async Task EnsureAsync(LaunchInterface nic, QemuVxlanOptions vxlan, CancellationToken ct)
    {
        if (!Exists(nic.Bridge))
            await QemuHypervisor.RunAsync(Ip, ["link", "add", "name", nic.Bridge, "type", "bridge"], $"creating the bridge of network {nic.Network}", ct);
        await QemuHypervisor.RunAsync(Ip, ["link", "set", nic.Bridge, "up"], $"bringing up the bridge of network {nic.Network}", ct);
        if (vxlan.Enabled) await EnsureVxlanAsync(nic, vxlan, ct);
        await Tap.EnsureAsync(nic.Tap, nic.Bridge, ct);
    }

    /// <summary>The VM's tap, and the network's bridge (and VXLAN device) once no tap is left on it.</summary>
    public static async Task RemoveAsync(LaunchInterface nic, QemuVxlanOptions vxlan, CancellationToken ct)
    {
        await Tap.RemoveAsync(nic.Tap, ct);
        var ports = $"/sys/class/net/{nic.Bridge}/brif";
        var vxlanDevice = VxlanDeviceOf(nic);
        if (!Directory.Exists(ports) || Directory.EnumerateFileSystemEntries(ports).Any(p => Path.GetFileName(p) != vxlanDevice)) return;
        if (Exists(vxlanDevice))
            await QemuHypervisor.RunAsync(Ip, ["link", "delete", vxlanDevice], $"removing the VXLAN device of network {nic.Network}", ct);
        await QemuHypervisor.RunAsync(Ip, ["link", "delete", nic.Bridge], $"removing the bridge of network {nic.Network}", ct);
    }

    /// <summary>The network's number is its VNI: every host derives the same one from the name the store gave it.</summary>
    public static int VniOf(string network)
    {
        var digits = network.StartsWith("net", StringComparison.Ordinal) ? network[3..] : "";
        if (!int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var vni) || vni is < 1 or > 0xFFFFFF)
            throw new HypervisorException($"network {network} has no number that fits a VXLAN id (1 to 16777215)");
        return vni;
    }

    private static string VxlanDeviceOf(LaunchInterface nic) => "oev" + nic.Bridge[3..];

    private static bool Exists(string device) => Directory.Exists($"/sys/class/net/{device}");

    /// <summary>
    /// A VXLAN device on the bridge, flooding to every peer (head-end replication, then learning which peer holds
    /// which MAC): no multicast on the underlay, and a peer that holds no VM of the network drops its frames.
    /// </summary>
    private static async Task EnsureVxlanAsync(LaunchInterface nic, QemuVxlanOptions vxlan, CancellationToken ct)
    {
        var device = VxlanDeviceOf(nic);
        var port = vxlan.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!Exists(device))
        {
            await QemuHypervisor.RunAsync(Ip, ["link", "add", device, "type", "vxlan", "id", VniOf(nic.Network).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "local", vxlan.Local!, "dstport", port], $"creating the VXLAN device of network {nic.Network}", ct);
            var bridgeTool = Tools.Find("bridge") ?? throw new HypervisorException("VXLAN needs the bridge tool (apt-get install iproute2)");
            foreach (var peer in vxlan.Peers.Where(p => p != vxlan.Local))
                await QemuHypervisor.RunAsync(bridgeTool, ["fdb", "append", "00:00:00:00:00:00", "dev", device, "dst", peer],
                    $"sending network {nic.Network} to host {peer}", ct);
        }
        await QemuHypervisor.RunAsync(Ip, ["link", "set", device, "master", nic.Bridge, "up"], $"joining the VXLAN device of network {nic.Network} to its bridge", ct);
    }

    /// <summary>
    /// What this kernel offers for tagged VLANs, tried on a throwaway bridge: a VLAN device (802.1Q) and a bridge with
    /// VLAN filtering. In a network namespace of its own when it may make one (the host's network is not touched),
    /// else in the host's for a moment. Unknown (with the reason) without the ip tool or CAP_NET_ADMIN.
    /// </summary>
    public static async Task<(bool Dot1Q, bool Filtering, string? Unknown)> ProbeAsync(CancellationToken ct)
    {
        if (Tools.Find("ip") is not { } ip) return (false, false, "the ip tool is missing (apt-get install iproute2)");
        if (Tools.Find("unshare") is { } unshare)
        {
            const string script = "ip link add p type bridge || exit 3; " +
                                  "ip link add link p name p.2 type vlan id 2 >/dev/null 2>&1 && echo dot1q; " +
                                  "ip link set p type bridge vlan_filtering 1 >/dev/null 2>&1 && echo filtering; exit 0";
            try
            {
                var found = await QemuHypervisor.RunAsync(unshare, ["--net", "sh", "-c", script], "probing VLANs", ct);
                return (found.Contains("dot1q", StringComparison.Ordinal), found.Contains("filtering", StringComparison.Ordinal), null);
            }
            catch (HypervisorException)
            {
                // No namespace of its own (not root): try in the host's.
            }
        }
        var probe = "oeprobe" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        try
        {
            await QemuHypervisor.RunAsync(ip, ["link", "add", "name", probe, "type", "bridge"], "probing bridges", ct);
        }
        catch (HypervisorException e)
        {
            return (false, false, $"a bridge cannot be created here ({e.Message}): private networks need CAP_NET_ADMIN");
        }
        try
        {
            var dot1q = await TryAsync(ip, ["link", "add", "link", probe, "name", probe + ".2", "type", "vlan", "id", "2"], ct);
            var filtering = await TryAsync(ip, ["link", "set", probe, "type", "bridge", "vlan_filtering", "1"], ct);
            return (dot1q, filtering, null);
        }
        finally
        {
            await TryAsync(ip, ["link", "delete", probe + ".2"], CancellationToken.None);
            await TryAsync(ip, ["link", "delete", probe], CancellationToken.None);
        }
    }

    private static async Task<bool> TryAsync(string ip, string[] args, CancellationToken ct)
    {
        try
        {
            await QemuHypervisor.RunAsync(ip, args, "probing", ct);
            return true;
        }
        catch (HypervisorException)
        {
            return false;
        }
    }
}
