using System.Globalization;
using System.Text;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// Bridge mode's filtering, in nftables (every table replaced whole in one transaction, so each call is idempotent):
/// <list type="bullet">
/// <item>per VM, a <c>bridge</c> table: frames from its tap must carry its MAC and, for IPv4 and ARP, its pool address
/// (anything else from it, IPv6 included, is dropped), and are marked with its account; frames to its tap are dropped
/// when they come from a VM of another account;</item>
/// <item>per bridge, an <c>inet</c> table: what VMs send to the host itself is dropped unless it answers a connection
/// the host opened, is a ping, or goes to one of <see cref="QemuNetworkOptions.HostServices"/>.</item>
/// </list>
/// Every drop counts what it dropped (<c>nft list table bridge openecs_TAP</c>). The account mark has the top bit set, so the host's table tells VM traffic from the rest of the bridge (the
/// operator's uplink, the host's own LAN) without touching it.
/// </summary>
internal static class BridgeFirewall
{
    private const uint VmBit = 0x8000_0000;

    public static string TableOf(string tap) => "openecs_" + tap;

    public static string HostTableOf(string bridge) => "openecs_host_" + string.Concat(bridge.Where(char.IsAsciiLetterOrDigit));

    public static uint MarkOf(long accountId) => VmBit | (uint)(accountId & 0x7fff_ffff);

    public static string VmRules(string tap, string mac, string ipv4, long accountId)
    {
        var table = TableOf(tap);
        var mark = Hex(MarkOf(accountId));
        return new StringBuilder()
            .Append($"table bridge {table} {{}}\ndelete table bridge {table}\n")
            .Append($"table bridge {table} {{\n")
            .Append("  chain guard {\n")
            .Append($"    ether saddr != {mac} counter drop\n")
            .Append($"    ether type arp arp saddr ether != {mac} counter drop\n")
            .Append($"    ether type arp arp saddr ip != {{ {ipv4}, 0.0.0.0 }} counter drop\n")
            .Append($"    ether type ip ip saddr != {ipv4} counter drop\n")
            .Append("    ether type != { ip, arp } counter drop\n")
            .Append($"    meta mark set {mark}\n")
            .Append("  }\n")
            .Append("  chain prerouting {\n    type filter hook prerouting priority -300; policy accept;\n")
            .Append($"    iifname \"{tap}\" jump guard\n  }}\n")
            .Append("  chain forward {\n    type filter hook forward priority 0; policy accept;\n")
            .Append($"    oifname \"{tap}\" meta mark != {{ 0x00000000, {mark} }} counter drop\n  }}\n")
            .Append("}\n").ToString();
    }

    public static string HostRules(string bridge, IEnumerable<string> services)
    {
        var table = HostTableOf(bridge);
        var rules = new StringBuilder()
            .Append($"table inet {table} {{}}\ndelete table inet {table}\n")
            .Append($"table inet {table} {{\n  chain input {{\n    type filter hook input priority -10; policy accept;\n")
            .Append($"    meta mark & {Hex(VmBit)} != {Hex(VmBit)} accept\n")
            .Append("    ct state established,related accept\n")
            .Append("    icmp type echo-request accept\n");
        foreach (var group in services.Select(ParseService).OfType<(string Protocol, int Port)>().GroupBy(s => s.Protocol))
            rules.Append($"    {group.Key} dport {{ {string.Join(", ", group.Select(s => s.Port).Distinct())} }} accept\n");
        return rules.Append("    drop\n  }\n}\n").ToString();
    }

    public static string RemoveRules(string tap) =>
        $"table bridge {TableOf(tap)} {{}}\ndelete table bridge {TableOf(tap)}\n";

    /// <summary><c>tcp/PORT</c> or <c>udp/PORT</c>; null for anything else.</summary>
    public static (string Protocol, int Port)? ParseService(string service)
    {
        var parts = service.Trim().ToLowerInvariant().Split('/');
        return parts is [("tcp" or "udp") and var protocol, var port]
               && int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and < 65536
            ? (protocol, n) : null;
    }

    public static async Task ApplyAsync(string rules, string what, CancellationToken ct)
    {
        var nft = Tools.Find("nft") ?? throw new HypervisorException("bridge filtering needs nft (apt-get install nftables)");
        await QemuHypervisor.RunAsync(nft, ["-f", "-"], what, ct, stdin: rules);
    }

    private static string Hex(uint value) => "0x" + value.ToString("x8", CultureInfo.InvariantCulture);
}
