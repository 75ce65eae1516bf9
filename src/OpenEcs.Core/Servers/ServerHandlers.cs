using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Addresses;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Consoles;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Crons;
using OpenEcs.Core.Metrics;
using OpenEcs.Core.Scripts;
using OpenEcs.Core.Snapshots;
using OpenEcs.Core.Reservations;
using OpenEcs.Core.Usage;

namespace OpenEcs.Core.Servers;

internal static class ServerLookup
{
    public static async Task<Server> ServerOfAsync(this ActionRun run, CancellationToken ct) =>
        await run.Db.Set<Server>().IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Name == run.Action.Resource, ct)
        ?? throw new HypervisorException($"server {run.Action.Resource} no longer exists");
}

public sealed class CreateServerHandler(IHypervisor hypervisor, PlanCatalog catalog, AddressPool addresses, TimeProvider time)
    : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        UserScriptEnd? scriptEnd = null;
        if (server.Status == ServerStatus.Booting)
        {
            var plan = catalog.FindPlan(server.Plan) ?? throw new HypervisorException($"plan {server.Plan} left the catalog");
            var op = run.Operation with
            {
                ReportProgress = async (p, c) =>
                {
                    server.Progress = Math.Clamp(p, server.Progress, 99);
                    await run.Operation.ReportProgress(p, c);
                },
            };
            if (hypervisor.AddressBeforeCreate && string.IsNullOrEmpty(server.Ipv4)) await addresses.AssignAsync(run.Db, server, ct);
            var spec = new VmSpec(server.Name, server.Image, plan.Cpu, plan.RamMb, plan.DiskGb, server.SshKey,
                UserScripts.Compose(server.UserCustomize, server.UserCustomizeEnv))
            {
                Ipv4 = string.IsNullOrEmpty(server.Ipv4) ? null : server.Ipv4,
                PasswordHash = server.PasswordHash,
                AccountId = server.AccountId,
                Interfaces = await Networks.InterfaceLookup.InterfacesOfAsync(run.Db, server.Id, ct),
            };
            await hypervisor.CreateAsync(spec, op, ct);
            // User-mode QEMU VMs are reached on the host's address and a forwarded port, not on one of the pool.
            if (hypervisor.NetworkOf(server.Name) is { } network)
            {
                if (network.Ipv4 is { Length: > 0 } hostAddress) server.Ipv4 = hostAddress;
                server.SshPort = network.SshPort;
            }
            if (string.IsNullOrEmpty(server.Ipv4)) await addresses.AssignAsync(run.Db, server, ct);
            // The guest is up; its user script may still run (Customizing until the watcher sees its end).
            scriptEnd = server.UserCustomize is null ? null : await hypervisor.UserScriptEndAsync(server.Name, time.GetUtcNow(), ct);
            server.Status = server.UserCustomize is null || scriptEnd is not null ? ServerStatus.Booted : ServerStatus.Customizing;
            server.UserCustomizeEnv = null;
            server.ActiveFlag = true;
            server.Progress = 100;
            server.PowerState = PowerState.Running;
        }
        run.Action.Complete(time.GetUtcNow());
        run.Action.Message = scriptEnd?.Message;
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        server.UserCustomizeEnv = null;
        // Cancelled by a delete: the server is Deleting, and the delete undoes what the create did.
        if (server.Status != ServerStatus.Booting) return;
        server.Status = ServerStatus.Failed;
        // A server that never came up bills no further, and holds no reservation.
        var now = time.GetUtcNow();
        await ReservationService.EndEarlyAsync(run.Db, server, now, ct);
        await UsageRecorder.EndAsync(run.Db, UsageSubject.Of(server), now, ct);
    }
}

public sealed class DeleteServerHandler(IHypervisor hypervisor, ConsoleRegistry consoles, TimeProvider time) : IActionHandler
{
    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        if (server.Status != ServerStatus.Deleted)
        {
            consoles.CloseServer(server.Name, $"server {server.Name} was deleted");
            await hypervisor.DeleteAsync(server.Name, run.Operation, ct);
            await ServerRemoval.ApplyAsync(run.Db, server, time.GetUtcNow(), ct);
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        // The server is still there: let the user see it as it was and try again.
        var server = await run.ServerOfAsync(ct);
        if (server.Status != ServerStatus.Deleting) return;
        server.Status = server.ActiveFlag ? ServerStatus.Booted : ServerStatus.Failed;
    }
}

/// <summary>
/// What a deleted server leaves in the store: its address, metrics, console tickets, snapshots and schedule go, its
/// usage ends. The delete action runs it once the VM is gone; forgetting a host runs it for each of its servers.
/// </summary>
public static class ServerRemoval
{
    public static async Task ApplyAsync(Storage.EcsDbContext db, Server server, DateTimeOffset now, CancellationToken ct)
    {
        await AddressPool.ReleaseAsync(db, server, ct);
        await db.Set<MetricSample>().Where(m => m.ServerId == server.Id).ExecuteDeleteAsync(ct);
        await db.Set<ConsoleTicket>().Where(k => k.ServerId == server.Id).ExecuteDeleteAsync(ct);
        // Its snapshots went with its disk; its schedule has nothing left to take.
        await db.Snapshots.IgnoreQueryFilters().Where(p => p.ServerId == server.Id && p.Status != SnapshotStatus.Deleted)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.Status, SnapshotStatus.Deleted).SetProperty(p => p.ActiveFlag, false)
                .SetProperty(p => p.Restoring, false).SetProperty(p => p.UpdatedAt, now)
                .SetProperty(p => p.DeletedAt, p => p.DeletedAt ?? now), ct);
        await db.SnapshotSchedules.IgnoreQueryFilters().Where(c => c.ServerId == server.Id).ExecuteDeleteAsync(ct);
        server.LastRestoredSnapshotId = null;
        server.UserCustomizeEnv = null;
        server.Status = ServerStatus.Deleted;
        server.DeletionDate = now;
        await UsageRecorder.EndAsync(db, UsageSubject.Of(server), server.DeletionDate.Value, ct);
        server.ActiveFlag = false;
        server.PowerState = PowerState.Shutoff;
        server.SshPort = null;
    }
}

/// <summary>
/// power_on / power_off. Idempotent as the real service is: a server already in the target state (or brought there by
/// the action queued ahead) completes at once without touching the hypervisor.
/// </summary>
public abstract class PowerHandler(IHypervisor hypervisor, ConsoleRegistry consoles, TimeProvider time) : IActionHandler
{
    protected abstract string Target { get; }
    protected abstract Task ApplyAsync(IHypervisor hypervisor, string name, OperationContext op, CancellationToken ct);

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        if (server.Status is not (ServerStatus.Booted or ServerStatus.Customizing))
            throw new HypervisorException($"server {server.Name} is {server.Status}: power actions need a server that has booted");
        if (server.PowerState != Target || await hypervisor.GetPowerStateAsync(server.Name, ct) is { } observed && observed != Target)
        {
            await ApplyAsync(hypervisor, server.Name, run.Operation, ct);
            server.PowerState = Target;
        }
        if (Target == PowerState.Shutoff) consoles.CloseServer(server.Name, $"server {server.Name} was powered off");
        // Idempotent: a server already billed in this state stays as it is.
        await ServerUsage.SetPowerAsync(run.Db, server, time.GetUtcNow(), ct);
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public Task OnFailedAsync(ActionRun run, CancellationToken ct) => Task.CompletedTask;
}

public sealed class PowerOnHandler(IHypervisor hypervisor, ConsoleRegistry consoles, TimeProvider time) : PowerHandler(hypervisor, consoles, time)
{
    protected override string Target => PowerState.Running;
    protected override Task ApplyAsync(IHypervisor h, string name, OperationContext op, CancellationToken ct) => h.StartAsync(name, op, ct);
}

public sealed class PowerOffHandler(IHypervisor hypervisor, ConsoleRegistry consoles, TimeProvider time) : PowerHandler(hypervisor, consoles, time)
{
    protected override string Target => PowerState.Shutoff;
    protected override Task ApplyAsync(IHypervisor h, string name, OperationContext op, CancellationToken ct) => h.StopAsync(name, op, ct);
}

/// <summary>The server's side of the ledger that follows its power state.</summary>
public static class ServerUsage
{
    /// <summary>From <paramref name="at"/>, the server bills online or offline as its <see cref="Server.PowerState"/> says.</summary>
    public static Task SetPowerAsync(Storage.EcsDbContext db, Server server, DateTimeOffset at, CancellationToken ct) =>
        UsageRecorder.SetAsync(db, UsageSubject.Of(server), UsageMeter.Hours, at, ct,
            server.PowerState == PowerState.Shutoff ? UsageState.Offline : UsageState.Online, server.Plan);
}
