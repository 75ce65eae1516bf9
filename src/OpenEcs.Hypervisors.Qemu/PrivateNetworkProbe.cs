using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// Says at start-up what private networks get on this host: always a layer-2 segment per network; tagged VLANs only
/// where the kernel has 802.1Q and VLAN-filtering bridges, which is probed (never assumed) on a throwaway bridge.
/// Without them the VLAN API keeps working as bookkeeping and separation is per network (docs/networks.md).
/// </summary>
internal sealed partial class PrivateNetworkProbe(IOptions<OpenEcsOptions> ecs, IOptions<QemuOptions> qemu, ILogger<PrivateNetworkProbe> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!ecs.Value.Hypervisor.IsQemu) return;
        var (dot1q, filtering, unknown) = await PrivateNetworks.ProbeAsync(ct);
        if (unknown is not null) LogUnknown(unknown);
        else if (dot1q && filtering) LogVlans();
        else LogNoVlans(dot1q ? "yes" : "no", filtering ? "yes" : "no");
        var vxlan = qemu.Value.Vxlan;
        if (vxlan.Enabled) LogVxlan(vxlan.Local!, vxlan.Port, vxlan.Peers.Where(p => p != vxlan.Local) is var peers && peers.Any() ? string.Join(", ", peers) : "none yet");
        else LogNoVxlan();
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Private networks: a bridge per network; this kernel has 802.1Q and VLAN-filtering bridges")]
    private partial void LogVlans();

    [LoggerMessage(LogLevel.Warning, "Private networks: 802.1Q/VLAN filtering is unavailable on this kernel (VLAN devices: {Dot1Q}, " +
        "VLAN-filtering bridges: {Filtering}); VLANs are kept by the API but not tagged on the wire: separation is per network, a bridge each")]
    private partial void LogNoVlans(string dot1Q, string filtering);

    [LoggerMessage(LogLevel.Information, "Private networks span hosts by VXLAN: this host is {Local}, UDP port {Port}, peers {Peers}")]
    private partial void LogVxlan(string local, int port, string peers);

    [LoggerMessage(LogLevel.Information, "Private networks stay on this host (OpenEcs:Qemu:Vxlan:Local is not set)")]
    private partial void LogNoVxlan();

    [LoggerMessage(LogLevel.Warning, "Private networks: cannot tell whether this kernel tags VLANs: {Reason}")]
    private partial void LogUnknown(string reason);
}
