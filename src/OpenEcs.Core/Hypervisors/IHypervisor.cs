namespace OpenEcs.Core.Hypervisors;

/// <summary>What a hypervisor needs to build a server. Operations are idempotent and keyed by <see cref="Name"/>.</summary>
public sealed record VmSpec(string Name, string Image, int Cpu, int RamMb, int DiskGb, string? SshPublicKey, string? UserScript)
{
    /// <summary>The server's pool address, set when the hypervisor hands it to the guest (<see cref="IHypervisor.AddressBeforeCreate"/>).</summary>
    public string? Ipv4 { get; init; }
    /// <summary>The password of the image's default user as a SHA-512 crypt hash (<c>$6$...</c>), never the clear text.</summary>
    public string? PasswordHash { get; init; }
    /// <summary>The owning account: VMs of different accounts are kept apart on a shared network.</summary>
    public long AccountId { get; init; }
    /// <summary>The server's interfaces on private networks: a NIC each, after the primary one.</summary>
    public IReadOnlyList<VmInterface> Interfaces { get; init; } = [];

    /// <summary>The user script may hold secrets (its environment lines): a spec that is logged never shows it.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Image = {Image}, Cpu = {Cpu}, RamMb = {RamMb}, DiskGb = {DiskGb}, UserScript = ")
            .Append(UserScript is null ? "none" : "(hidden)");
        return true;
    }
}

/// <summary>A NIC on a private network: the network's name (its layer-2 segment) and the interface's stable MAC.</summary>
public sealed record VmInterface(string Network, string Mac);

/// <summary>How a server's user script ended: its exit status when the guest reported one, and the line for its log.</summary>
public sealed record UserScriptEnd(int? ExitStatus, string Message);

/// <summary>
/// One run of an action: when it started (so a resumed run keeps its original schedule) and how to report progress.
/// </summary>
public sealed record OperationContext(DateTimeOffset StartedAt, Func<int, CancellationToken, Task> ReportProgress)
{
    /// <summary>A sentence for the action's <c>message</c> while it runs (what it is waiting for); cleared when it completes.</summary>
    public Func<string, CancellationToken, Task> ReportMessage { get; init; } = (_, _) => Task.CompletedTask;
}

/// <summary>How clients reach a server when the hypervisor decides it (QEMU user-mode networking: host address + SSH port).</summary>
public sealed record VmNetwork(string? Ipv4, int? SshPort);

/// <summary>A VM as the hypervisor sees it: its name (the server's) and observed power state.</summary>
public sealed record VmState(string Name, string PowerState);

public sealed record VmSample(double Cpu, double DiskReads, double DiskWrites, double NetReceived, double NetTransmitted);

/// <summary>The port to whatever runs servers: the simulator now, QEMU later.</summary>
public interface IHypervisor
{
    Task CreateAsync(VmSpec spec, OperationContext op, CancellationToken ct);
    Task StartAsync(string name, OperationContext op, CancellationToken ct);
    Task StopAsync(string name, OperationContext op, CancellationToken ct);
    Task DeleteAsync(string name, OperationContext op, CancellationToken ct);
    /// <summary>A template: the server's disk as it is now, or as <paramref name="snapshot"/> holds it.</summary>
    Task CaptureTemplateAsync(string serverName, string? snapshot, string templateName, OperationContext op, CancellationToken ct);
    /// <summary>Removes a template; servers whose disks were built from it keep working.</summary>
    Task DeleteTemplateAsync(string templateName, OperationContext op, CancellationToken ct);

    /// <summary>A point-in-time copy of the server's disk named <paramref name="snapshot"/>, taken consistently while it
    /// runs; idempotent. Returns its size on disk in bytes, when the hypervisor can tell.</summary>
    Task<long?> CreateSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct);
    /// <summary>Idempotent: a snapshot that is not there is deleted already.</summary>
    Task DeleteSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct);
    /// <summary>The disk back to <paramref name="snapshot"/>, the VM stopped around it and started again when
    /// <paramref name="start"/>; the user script does not run again.</summary>
    Task RollbackAsync(string name, string snapshot, bool start, OperationContext op, CancellationToken ct);

    /// <summary>
    /// The end of the server's user script once the guest has reported it (or can no longer: stopped, restarted, too
    /// long); null while it runs. <paramref name="since"/> is when the guest came up with it (the domain clock).
    /// </summary>
    Task<UserScriptEnd?> UserScriptEndAsync(string name, DateTimeOffset since, CancellationToken ct);

    /// <summary>Stops a VM at once and keeps its disk: for a VM that no server owns.</summary>
    Task HaltAsync(string name, CancellationToken ct);

    /// <summary>
    /// Every VM the hypervisor holds, running or not, for the reconciler; null when it keeps no VMs across restarts
    /// (the simulator), so that the store's state stands.
    /// </summary>
    Task<IReadOnlyList<VmState>?> ListVmsAsync(CancellationToken ct);

    /// <summary>The observed power state (RUNNING/SHUTOFF), or null when the hypervisor cannot tell.</summary>
    Task<string?> GetPowerStateAsync(string name, CancellationToken ct);

    /// <summary>Counters of a running server at <paramref name="at"/>, or null when it has none.</summary>
    Task<VmSample?> SampleAsync(string name, DateTimeOffset at, CancellationToken ct);

    /// <summary>A byte stream to and from the server's serial console.</summary>
    Task<Stream> OpenConsoleAsync(string name, CancellationToken ct);

    /// <summary>
    /// The address the hypervisor gives the server instead of one from the region's pool, and its forwarded SSH port;
    /// null (the default) when servers take pool addresses. Read once, by the create, which stores it on the server.
    /// </summary>
    VmNetwork? NetworkOf(string name) => null;

    /// <summary>
    /// The VM's NICs on private networks become <paramref name="interfaces"/>; a running VM reboots to take them (the
    /// docs' behaviour), a stopped one has them at its next start.
    /// </summary>
    Task SetInterfacesAsync(string name, IReadOnlyList<VmInterface> interfaces, OperationContext op, CancellationToken ct);

    /// <summary>True when the guest must know its pool address at create time (QEMU bridge mode writes it into the seed).</summary>
    bool AddressBeforeCreate => false;
}

/// <summary>A failure of the hypervisor whose message is fit to show on the action.</summary>
public sealed class HypervisorException(string message) : Exception(message);
