namespace OpenEcs.Core.Hypervisors;

/// <summary>What a hypervisor needs to build a server. Operations are idempotent and keyed by <see cref="Name"/>.</summary>
public sealed record VmSpec(string Name, string Image, int Cpu, int RamMb, int DiskGb, string? SshPublicKey, string? UserScript);

/// <summary>
/// One run of an action: when it started (so a resumed run keeps its original schedule) and how to report progress.
/// </summary>
public sealed record OperationContext(DateTimeOffset StartedAt, Func<int, CancellationToken, Task> ReportProgress);

public sealed record VmSample(double Cpu, double DiskReads, double DiskWrites, double NetReceived, double NetTransmitted);

/// <summary>The port to whatever runs servers: the simulator now, QEMU later.</summary>
public interface IHypervisor
{
    Task CreateAsync(VmSpec spec, OperationContext op, CancellationToken ct);
    Task StartAsync(string name, OperationContext op, CancellationToken ct);
    Task StopAsync(string name, OperationContext op, CancellationToken ct);
    Task DeleteAsync(string name, OperationContext op, CancellationToken ct);
    Task CaptureTemplateAsync(string serverName, string templateName, OperationContext op, CancellationToken ct);
    Task DeleteTemplateAsync(string templateName, OperationContext op, CancellationToken ct);

    /// <summary>The observed power state (RUNNING/SHUTOFF), or null when the hypervisor cannot tell.</summary>
    Task<string?> GetPowerStateAsync(string name, CancellationToken ct);

    /// <summary>Counters of a running server at <paramref name="at"/>, or null when it has none.</summary>
    Task<VmSample?> SampleAsync(string name, DateTimeOffset at, CancellationToken ct);

    /// <summary>A byte stream to and from the server's serial console.</summary>
    Task<Stream> OpenConsoleAsync(string name, CancellationToken ct);
}

/// <summary>A failure of the hypervisor whose message is fit to show on the action.</summary>
public sealed class HypervisorException(string message) : Exception(message);
