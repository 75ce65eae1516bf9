using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Storage;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// At start-up, store and host are checked both ways: a running VM of a stored server is adopted as it is (its pid file
/// and QMP socket are all the driver needs), a stored server whose VM died meanwhile becomes SHUTOFF, and a QEMU
/// process of this data folder that no server owns is reported (and stopped when StopUnknownProcesses is set).
/// </summary>
public sealed partial class QemuReconciler(
    IServiceScopeFactory scopes, IOptions<OpenEcsOptions> ecs, IOptions<QemuOptions> options, QemuHypervisor qemu,
    ILogger<QemuReconciler> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (!ecs.Value.Hypervisor.IsQemu) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var servers = await db.Servers.IgnoreQueryFilters().Where(s => s.Status != ServerStatus.Deleted).ToListAsync(ct);
        foreach (var server in servers.Where(s => s.Status == ServerStatus.Booted))
        {
            var pid = qemu.Folder(server.Name).LivePid();
            var observed = pid is null ? PowerState.Shutoff : PowerState.Running;
            if (pid is not null) LogAdopted(server.Name, pid.Value);
            if (server.PowerState == observed) continue;
            if (pid is null) LogDied(server.Name);
            server.PowerState = observed;
            server.Version++;
        }
        await db.SaveChangesAsync(ct);

        var known = servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var (pid, name) in OurProcesses())
        {
            if (known.Contains(name)) continue;
            LogUnknown(pid, name, options.Value.StopUnknownProcesses);
            if (options.Value.StopUnknownProcesses)
                await qemu.HaltAsync(name, ct); // stop only: a store that lost its row must not cost the disk
        }
    }

    /// <summary>QEMU processes whose pid file lies in this data folder's vms folder, with the VM name.</summary>
    private IEnumerable<(int Pid, string Name)> OurProcesses()
    {
        var prefix = qemu.VmsRoot + Path.DirectorySeparatorChar;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            IReadOnlyList<string> args;
            try
            {
                args = VmFolder.CommandLine(pid);
            }
            catch (IOException)
            {
                continue;
            }
            var i = args.ToList().IndexOf("-pidfile");
            if (i < 0 || i + 1 >= args.Count || !args[i + 1].StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (!VmFolder.IsOurs(pid, args[i + 1])) continue;
            yield return (pid, Path.GetFileName(Path.GetDirectoryName(args[i + 1])!));
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "VM {Name} adopted: QEMU pid {Pid} keeps running")]
    private partial void LogAdopted(string name, int pid);

    [LoggerMessage(LogLevel.Warning, "VM {Name} died while the control plane was down: now SHUTOFF")]
    private partial void LogDied(string name);

    [LoggerMessage(LogLevel.Warning, "QEMU pid {Pid} runs VM {Name}, which no server in the store owns (stopping it: {Stop})")]
    private partial void LogUnknown(int pid, string name, bool stop);
}
