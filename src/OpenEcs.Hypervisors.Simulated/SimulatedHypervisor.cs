using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Simulated;

/// <summary>
/// A hypervisor that pretends: each operation walks through progress steps on the injected clock, with durations like
/// the real service's (or none, in instant mode). Step times are offsets from the action's start, so a run resumed
/// after a restart picks up where the schedule stands instead of starting over.
/// </summary>
public sealed class SimulatedHypervisor(TimeProvider time, IOptions<OpenEcsOptions> options) : IHypervisor
{
    private readonly ConcurrentDictionary<string, string> _power = new(StringComparer.Ordinal);

    private bool Instant => options.Value.Simulator.Speed == SimulatorSpeed.Instant;

    public async Task CreateAsync(VmSpec spec, OperationContext op, CancellationToken ct)
    {
        // 10 to 30 seconds, fixed per server name so that runs are reproducible.
        var total = TimeSpan.FromSeconds(10 + Stable.Unit(spec.Name, "create") * 20);
        await WalkAsync(op, total, [(0.10, 5), (0.35, 25), (0.60, 50), (0.85, 75), (1.0, 95)], ct);
        _power[spec.Name] = PowerState.Running;
    }

    public async Task StartAsync(string name, OperationContext op, CancellationToken ct)
    {
        await WalkAsync(op, PowerDuration(name, "on"), [(0.5, 50), (1.0, 90)], ct);
        _power[name] = PowerState.Running;
    }

    public async Task StopAsync(string name, OperationContext op, CancellationToken ct)
    {
        await WalkAsync(op, PowerDuration(name, "off"), [(0.5, 50), (1.0, 90)], ct);
        _power[name] = PowerState.Shutoff;
    }

    public async Task DeleteAsync(string name, OperationContext op, CancellationToken ct)
    {
        var total = TimeSpan.FromSeconds(8 + Stable.Unit(name, "delete") * 4);
        await WalkAsync(op, total, [(0.3, 30), (0.7, 70), (1.0, 95)], ct);
        _power.TryRemove(name, out _);
    }

    public Task CaptureTemplateAsync(string serverName, string? snapshot, string templateName, OperationContext op, CancellationToken ct) =>
        WalkAsync(op, TimeSpan.FromSeconds(20), [(0.5, 40), (1.0, 90)], ct);

    /// <summary>20 to 50 seconds; the size is a stable share of a few GB, as an allocated disk would be.</summary>
    public async Task<long?> CreateSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct)
    {
        await WalkAsync(op, TimeSpan.FromSeconds(20 + Stable.Unit(snapshot, "snapshot") * 30), [(0.3, 30), (0.7, 70), (1.0, 95)], ct);
        return 1_000_000 + (long)(Stable.Unit(snapshot, "size") * 4_000_000_000);
    }

    public Task DeleteSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct) =>
        WalkAsync(op, TimeSpan.FromSeconds(5 + Stable.Unit(snapshot, "delete") * 5), [(0.5, 50), (1.0, 95)], ct);

    /// <summary>A stop, the restore and a boot: one to two minutes, as the docs warn it takes.</summary>
    public async Task RollbackAsync(string name, string snapshot, bool start, OperationContext op, CancellationToken ct)
    {
        await WalkAsync(op, TimeSpan.FromSeconds(60 + Stable.Unit(snapshot, "rollback") * 60), [(0.2, 20), (0.6, 60), (1.0, 95)], ct);
        _power[name] = start ? PowerState.Running : PowerState.Shutoff;
    }

    /// <summary>Nothing to plug in here: a running server takes a reboot's time (a power-off and a power-on).</summary>
    public async Task SetInterfacesAsync(string name, IReadOnlyList<VmInterface> interfaces, OperationContext op, CancellationToken ct)
    {
        if (_power.GetValueOrDefault(name) != PowerState.Running) return;
        await WalkAsync(op, PowerDuration(name, "off") + PowerDuration(name, "on"), [(0.5, 50), (1.0, 90)], ct);
    }

    /// <summary>The script "runs" 10 to 40 seconds after the guest came up, and exits 0 (nothing runs it here).</summary>
    public Task<UserScriptEnd?> UserScriptEndAsync(string name, DateTimeOffset since, CancellationToken ct)
    {
        var due = since + TimeSpan.FromSeconds(10 + Stable.Unit(name, "script") * 30) * options.Value.Simulator.TimeScale;
        return Task.FromResult<UserScriptEnd?>(Instant || time.GetUtcNow() >= due ? new UserScriptEnd(0, "user script exited 0") : null);
    }

    public Task DeleteTemplateAsync(string templateName, OperationContext op, CancellationToken ct) =>
        WalkAsync(op, TimeSpan.FromSeconds(5), [(1.0, 90)], ct);

    public Task HaltAsync(string name, CancellationToken ct)
    {
        _power[name] = PowerState.Shutoff;
        return Task.CompletedTask;
    }

    /// <summary>Nothing of the simulator outlives its process: the store's state stands.</summary>
    public Task<IReadOnlyList<VmState>?> ListVmsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<VmState>?>(null);

    /// <summary>Unknown after a restart: the caller then trusts the stored state, which the simulator wrote.</summary>
    public Task<string?> GetPowerStateAsync(string name, CancellationToken ct) =>
        Task.FromResult(_power.TryGetValue(name, out var state) ? state : null);

    public Task<VmSample?> SampleAsync(string name, DateTimeOffset at, CancellationToken ct) =>
        Task.FromResult<VmSample?>(SyntheticMetrics.At(name, at));

    public Task<Stream> OpenConsoleAsync(string name, CancellationToken ct) =>
        Task.FromResult<Stream>(new SimulatedSerialConsole(name, time));

    private static TimeSpan PowerDuration(string name, string salt) => TimeSpan.FromSeconds(1 + Stable.Unit(name + salt, "power") * 2);

    private async Task WalkAsync(OperationContext op, TimeSpan total, (double At, int Progress)[] steps, CancellationToken ct)
    {
        // Instant: the steps take no time, so no client could ever see them; each report is a write transaction of
        // the store (bench/: five of a create's nine), so none is made and the action ends at 100 all the same.
        if (Instant) return;
        foreach (var (at, progress) in steps)
        {
            await WaitUntilAsync(op.StartedAt + total * (at * options.Value.Simulator.TimeScale), ct);
            await op.ReportProgress(progress, ct);
        }
    }

    private async Task WaitUntilAsync(DateTimeOffset due, CancellationToken ct)
    {
        // Loop: a clock that is advanced by hand may move in several small jumps.
        for (var left = due - time.GetUtcNow(); left > TimeSpan.Zero; left = due - time.GetUtcNow())
            await Task.Delay(left, time, ct);
    }
}
