using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Server.Hosts.Agent;

/// <summary>One command of the control plane on this host's hypervisor.</summary>
public static class AgentExecutor
{
    public static async Task<AgentReply> RunAsync(IHypervisor h, string method, AgentCall c, OperationContext op, CancellationToken ct)
    {
        switch (method)
        {
            case AgentMethod.Create:
                var spec = c.Spec ?? throw new HypervisorException("create without a spec");
                await h.CreateAsync(spec, op, ct);
                return new AgentReply(Network: h.NetworkOf(spec.Name));
            case AgentMethod.Start: await h.StartAsync(Name(c), op, ct); break;
            case AgentMethod.Stop: await h.StopAsync(Name(c), op, ct); break;
            case AgentMethod.Delete: await h.DeleteAsync(Name(c), op, ct); break;
            case AgentMethod.CaptureTemplate: await h.CaptureTemplateAsync(Name(c), c.Snapshot, Template(c), op, ct); break;
            case AgentMethod.DeleteTemplate: await h.DeleteTemplateAsync(Template(c), op, ct); break;
            case AgentMethod.CreateSnapshot: return new AgentReply(Size: await h.CreateSnapshotAsync(Name(c), Snapshot(c), op, ct));
            case AgentMethod.DeleteSnapshot: await h.DeleteSnapshotAsync(Name(c), Snapshot(c), op, ct); break;
            case AgentMethod.Rollback: await h.RollbackAsync(Name(c), Snapshot(c), c.Start, op, ct); break;
            case AgentMethod.SetInterfaces: await h.SetInterfacesAsync(Name(c), c.Interfaces ?? [], op, ct); break;
            case AgentMethod.UserScriptEnd: return new AgentReply(ScriptEnd: await h.UserScriptEndAsync(Name(c), c.Since ?? op.StartedAt, ct));
            case AgentMethod.Halt: await h.HaltAsync(Name(c), ct); break;
            case AgentMethod.PowerState: return new AgentReply(PowerState: await h.GetPowerStateAsync(Name(c), ct));
            case AgentMethod.Sample: return new AgentReply(Sample: await h.SampleAsync(Name(c), c.Since ?? op.StartedAt, ct));
            default: throw new HypervisorException($"this agent does not know the command '{method}' (an older version?)");
        }
        return new AgentReply();
    }

    private static string Name(AgentCall c) => c.Name ?? throw new HypervisorException("command without a server name");
    private static string Template(AgentCall c) => c.Template ?? throw new HypervisorException("command without a template name");
    private static string Snapshot(AgentCall c) => c.Snapshot ?? throw new HypervisorException("command without a snapshot name");
}
