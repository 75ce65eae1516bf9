using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Hypervisors;

/// <summary>
/// At start-up, store and hypervisor are checked both ways: a stored server whose VM runs is adopted as it is, one
/// whose VM stopped or vanished meanwhile becomes SHUTOFF, and a VM that no server owns is reported (and halted, disk
/// kept, when OpenEcs:Hypervisor:StopUnknownVms is set). Drivers only list their VMs; the store is written here.
/// </summary>
public sealed partial class HypervisorReconciler(
    IServiceScopeFactory scopes, IHypervisor hypervisor, TimeProvider time, IOptions<OpenEcsOptions> options, ILogger<HypervisorReconciler> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        if (await hypervisor.ListVmsAsync(ct) is not { } vms) return;
        var observed = vms.ToDictionary(v => v.Name, v => v.PowerState, StringComparer.Ordinal);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var servers = await db.Servers.IgnoreQueryFilters().Where(s => s.Status != ServerStatus.Deleted).ToListAsync(ct);
        foreach (var server in servers.Where(s => s.Status is ServerStatus.Booted or ServerStatus.Customizing))
        {
            var state = observed.GetValueOrDefault(server.Name, PowerState.Shutoff);
            if (state == PowerState.Running) LogAdopted(server.Name);
            if (server.PowerState == state) continue;
            if (state == PowerState.Shutoff) LogStopped(server.Name);
            server.PowerState = state;
            await ServerUsage.SetPowerAsync(db, server, time.GetUtcNow(), ct);
        }
        await db.SaveChangesAsync(ct);

        var known = servers.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var stop = options.Value.Hypervisor.StopUnknownVms;
        foreach (var vm in vms.Where(v => !known.Contains(v.Name) && v.PowerState == PowerState.Running))
        {
            LogUnknown(vm.Name, stop);
            if (stop) await hypervisor.HaltAsync(vm.Name, ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "VM {Name} adopted: it kept running while the control plane was down")]
    private partial void LogAdopted(string name);

    [LoggerMessage(LogLevel.Warning, "VM {Name} stopped while the control plane was down: now SHUTOFF")]
    private partial void LogStopped(string name);

    [LoggerMessage(LogLevel.Warning, "VM {Name} runs but no server in the store owns it (halting it, disk kept: {Stop})")]
    private partial void LogUnknown(string name, bool stop);
}
