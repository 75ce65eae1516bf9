using System.Security.Cryptography;
using System.Text;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>Bridge mode: one tap per VM, joined to the operator's bridge (needs CAP_NET_ADMIN and the ip tool).</summary>
internal static class Tap
{
    /// <summary>Interface names are at most 15 bytes: a stable hash of the server name fits, any name does not.</summary>
    public static string NameOf(string server) => "oe" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(server)))[..12];

    public static async Task EnsureAsync(string tap, string bridge, CancellationToken ct)
    {
        var ip = Tools.Find("ip") ?? throw new HypervisorException("bridge networking needs the ip tool (apt-get install iproute2)");
        if (!Directory.Exists($"/sys/class/net/{tap}"))
            await QemuHypervisor.RunAsync(ip, ["tuntap", "add", "dev", tap, "mode", "tap"], $"creating tap {tap}", ct);
        await QemuHypervisor.RunAsync(ip, ["link", "set", tap, "master", bridge, "up"], $"joining tap {tap} to bridge {bridge}", ct);
    }

    public static async Task RemoveAsync(string tap, CancellationToken ct)
    {
        if (Directory.Exists($"/sys/class/net/{tap}") && Tools.Find("ip") is { } ip)
            await QemuHypervisor.RunAsync(ip, ["link", "delete", tap], $"removing tap {tap}", ct);
    }
}
