using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Hosts;

namespace OpenEcs.Server.Hosts.Agent;

/// <summary>The agent's options checked at start: each message names the key to fix.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<OpenEcsOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenEcsOptions o)
    {
        var errors = new List<string>();
        var a = o.Agent;
        if (!(Uri.TryCreate(a.ControlPlane, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.AbsolutePath == "/"
              && string.IsNullOrEmpty(url.Query)))
            errors.Add($"OpenEcs:Agent:ControlPlane '{a.ControlPlane}' must be the control plane's base URL, http(s)://host:port with no path");
        if (!HostService.ValidName(a.HostName))
            errors.Add($"OpenEcs:Agent:HostName '{a.HostName}' must be 1 to {HostService.MaxNameLength} letters, digits, '.', '-' or '_'");
        if (string.IsNullOrWhiteSpace(a.Region)) errors.Add("OpenEcs:Agent:Region must name the region of this host (e.g. it-fr2)");
        if (o.Hypervisor.IsAgents) errors.Add("OpenEcs:Hypervisor:Kind of an agent is 'simulated' or 'qemu': the VMs it runs");
        if (a.Capacity.Cpu is < 1) errors.Add("OpenEcs:Agent:Capacity:Cpu must be at least 1");
        if (a.Capacity.RamMb is < 128) errors.Add("OpenEcs:Agent:Capacity:RamMb must be at least 128");
        if (a.Capacity.DiskGb is < 1) errors.Add("OpenEcs:Agent:Capacity:DiskGb must be at least 1");
        if (a.Capacity.Gpu is < 0) errors.Add("OpenEcs:Agent:Capacity:Gpu must be 0 or more");
        if (a.HeartbeatInterval < TimeSpan.FromMilliseconds(100)) errors.Add("OpenEcs:Agent:HeartbeatInterval must be at least 100 ms");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>What the host offers: the configured sizes, the rest from the machine (QEMU) or fixed and generous (simulated,
/// so that tests can place many servers).</summary>
public static class AgentCapacity
{
    public static HostCapacity Of(OpenEcsOptions o)
    {
        var c = o.Agent.Capacity;
        if (!o.Hypervisor.IsQemu) return new HostCapacity(c.Cpu ?? 256, c.RamMb ?? 1024 * 1024, c.DiskGb ?? 100_000, c.Gpu ?? 8);
        var ramMb = (int)Math.Min(int.MaxValue, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024));
        var dir = o.FullDataDir;
        var diskGb = (int)Math.Min(int.MaxValue, new DriveInfo(Path.GetPathRoot(dir) ?? "/").AvailableFreeSpace / (1024L * 1024 * 1024));
        return new HostCapacity(c.Cpu ?? Environment.ProcessorCount, c.RamMb ?? ramMb, c.DiskGb ?? Math.Max(1, diskGb), c.Gpu ?? 0);
    }
}

/// <summary>The host's credential, kept 0600 in the agent's data folder once it joined.</summary>
public static class AgentCredential
{
    public const string FileName = "agent-credential";

    public static string PathIn(OpenEcsOptions o) => Path.Combine(o.FullDataDir, FileName);

    public static string? Read(OpenEcsOptions o) =>
        File.Exists(PathIn(o)) ? File.ReadAllText(PathIn(o)).Trim() is { Length: > 0 } c ? c : null : null;

    public static Task WriteAsync(OpenEcsOptions o, string credential, CancellationToken ct) =>
        Core.Accounts.DataFiles.WriteSecretAsync(PathIn(o), credential + "\n", ct);
}
