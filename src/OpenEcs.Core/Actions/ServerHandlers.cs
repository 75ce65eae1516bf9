using Microsoft.EntityFrameworkCore;
using OpenEcs.Core.Catalog;
using OpenEcs.Core.Domain;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Services;

namespace OpenEcs.Core.Actions;

internal static class ServerLookup
{
    public static async Task<Server> ServerOfAsync(this ActionRun run, CancellationToken ct) =>
        await run.Db.Servers.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Name == run.Action.Resource, ct)
        ?? throw new HypervisorException($"server {run.Action.Resource} no longer exists");
}

public sealed class CreateServerHandler(IHypervisor hypervisor, PlanCatalog catalog, AddressPool addresses, TimeProvider time)
    : IActionHandler
{
    public string Type => ActionType.CreateServer;

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
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
            var spec = new VmSpec(server.Name, server.Image, plan.Cpu, plan.RamMb, plan.DiskGb, server.SshKey, server.UserCustomize)
            {
                Ipv4 = string.IsNullOrEmpty(server.Ipv4) ? null : server.Ipv4,
            };
            await hypervisor.CreateAsync(spec, op, ct);
            // User-mode QEMU VMs are reached on the host's address (a forwarded port), not on one of the pool.
            if (hypervisor.NetworkOf(server.Name) is { Ipv4: { Length: > 0 } hostAddress }) server.Ipv4 = hostAddress;
            else if (string.IsNullOrEmpty(server.Ipv4)) await addresses.AssignAsync(run.Db, server, ct);
            server.Status = ServerStatus.Booted;
            server.ActiveFlag = true;
            server.Progress = 100;
            server.PowerState = PowerState.Running;
            server.Version++;
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        if (server.Status != ServerStatus.Booting) return;
        server.Status = ServerStatus.Failed;
        server.Version++;
    }
}

public sealed class DeleteServerHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public string Type => ActionType.DeleteServer;

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        if (server.Status != ServerStatus.Deleted)
        {
            await hypervisor.DeleteAsync(server.Name, run.Operation, ct);
            var now = time.GetUtcNow();
            await AddressPool.ReleaseAsync(run.Db, server, ct);
            await run.Db.MetricSamples.Where(m => m.ServerId == server.Id).ExecuteDeleteAsync(ct);
            await run.Db.ConsoleTickets.Where(k => k.ServerId == server.Id).ExecuteDeleteAsync(ct);
            server.Status = ServerStatus.Deleted;
            server.DeletionDate = now;
            server.ActiveFlag = false;
            server.PowerState = PowerState.Shutoff;
            server.Version++;
        }
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public async Task OnFailedAsync(ActionRun run, CancellationToken ct)
    {
        // The server is still there: let the user see it as it was and try again.
        var server = await run.ServerOfAsync(ct);
        if (server.Status != ServerStatus.Deleting) return;
        server.Status = string.IsNullOrEmpty(server.Ipv4) ? ServerStatus.Failed : ServerStatus.Booted;
        server.Version++;
    }
}

public abstract class PowerHandler(IHypervisor hypervisor, TimeProvider time) : IActionHandler
{
    public abstract string Type { get; }
    protected abstract string Target { get; }
    protected abstract Task ApplyAsync(IHypervisor hypervisor, string name, OperationContext op, CancellationToken ct);

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        var server = await run.ServerOfAsync(ct);
        if (server.Status != ServerStatus.Booted)
            throw new HypervisorException($"server {server.Name} is {server.Status}; power actions need a Booted server");
        await ApplyAsync(hypervisor, server.Name, run.Operation, ct);
        server.PowerState = Target;
        server.Version++;
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public Task OnFailedAsync(ActionRun run, CancellationToken ct) => Task.CompletedTask;
}

public sealed class PowerOnHandler(IHypervisor hypervisor, TimeProvider time) : PowerHandler(hypervisor, time)
{
    public override string Type => ActionType.PowerOn;
    protected override string Target => PowerState.Running;
    protected override Task ApplyAsync(IHypervisor h, string name, OperationContext op, CancellationToken ct) => h.StartAsync(name, op, ct);
}

public sealed class PowerOffHandler(IHypervisor hypervisor, TimeProvider time) : PowerHandler(hypervisor, time)
{
    public override string Type => ActionType.PowerOff;
    protected override string Target => PowerState.Shutoff;
    protected override Task ApplyAsync(IHypervisor h, string name, OperationContext op, CancellationToken ct) => h.StopAsync(name, op, ct);
}

/// <summary>The console action only records that a console key was handed out.</summary>
public sealed class ConsoleHandler(TimeProvider time) : IActionHandler
{
    public string Type => ActionType.Console;

    public async Task ExecuteAsync(ActionRun run, CancellationToken ct)
    {
        run.Action.Complete(time.GetUtcNow());
        await run.Db.SaveChangesAsync(ct);
    }

    public Task OnFailedAsync(ActionRun run, CancellationToken ct) => Task.CompletedTask;
}
