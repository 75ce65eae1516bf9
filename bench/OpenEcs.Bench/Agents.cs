using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Hypervisors.Simulated;
using OpenEcs.Server.Hosts.Agent;

namespace OpenEcs.Bench;

/// <summary>
/// One simulated hypervisor host inside the bench process: the agent's own worker (<see cref="AgentWorker"/>, the
/// code `openecs agent` runs) on an instant <see cref="SimulatedHypervisor"/>, joining with the join token and then
/// holding its Work stream over the real gRPC-Web channel to the control plane. Only the process around it is the
/// bench's: 200 agent processes (~60 MiB each) would not fit a 2-core machine, 200 workers in one process do.
/// </summary>
public sealed class InProcessAgent : IAsyncDisposable
{
    private readonly AgentWorker _worker;
    public string HostName { get; }
    /// <summary>1 once the control plane refused the host (the worker stops then, as the process would exit).</summary>
    public AgentExit Exit { get; }

    private InProcessAgent(string hostName, AgentWorker worker, AgentExit exit)
    {
        HostName = hostName;
        _worker = worker;
        Exit = exit;
    }

    /// <param name="servers">What the host is sized for, in eCS1 servers (1 CPU, 1 GiB, 20 GB each).</param>
    public static async Task<InProcessAgent> StartAsync(Uri controlPlane, string hostName, string region, string joinToken, int servers,
        string dataDir, ILoggerFactory logs)
    {
        // Owner-only, as the agent's data folder is: the credential it gets for the join token is kept there.
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dataDir);
        else Directory.CreateDirectory(dataDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var o = new OpenEcsOptions { DataDir = dataDir };
        o.Simulator.Speed = SimulatorSpeed.Instant;
        o.Agent.ControlPlane = controlPlane.GetLeftPart(UriPartial.Authority);
        o.Agent.HostName = hostName;
        o.Agent.Region = region;
        o.Agent.JoinToken = joinToken;
        o.Agent.Capacity.Cpu = servers;
        o.Agent.Capacity.RamMb = servers * 1024;
        o.Agent.Capacity.DiskGb = servers * 20;
        o.Agent.Capacity.Gpu = 0;
        var options = Options.Create(o);
        var exit = new AgentExit();
        var worker = new AgentWorker(new SimulatedHypervisor(TimeProvider.System, options), options, new Lifetime(), exit,
            logs.CreateLogger<AgentWorker>());
        await worker.StartAsync(CancellationToken.None);
        return new InProcessAgent(hostName, worker, exit);
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.StopAsync(CancellationToken.None);
        _worker.Dispose();
    }

    /// <summary>The worker stops its host when it is refused; here there is no host to stop (<see cref="Exit"/> says so).</summary>
    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
