using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Hosts;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;

namespace OpenEcs.Server.Hosts;

/// <summary>
/// The control plane's hypervisor (Kind=agents): each call for a server goes to the agent of the server's host and
/// waits for its answer. While that agent is not connected the call waits for it (the action's message says so), up
/// to OpenEcs:Hosts:WaitForHost, then fails; an agent lost in the middle of a call gets it again when it is back
/// (every operation of the port is idempotent). An agent connected to another API replica gets the action through
/// that replica: the claim is handed over (<see cref="ActionHandOffException"/>). Reads (power state, samples) do not
/// wait: the stored state stands.
/// </summary>
public sealed class AgentHypervisor(
    AgentConnections agents, IServiceScopeFactory scopes, ReplicaIdentity replica, TimeProvider time, IOptions<OpenEcsOptions> options)
    : IHypervisor
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StorePoll = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, VmNetwork> _networks = new(StringComparer.Ordinal);

    public async Task CreateAsync(VmSpec spec, OperationContext op, CancellationToken ct)
    {
        var reply = await CallAsync(spec.Name, AgentMethod.Create, new AgentCall(spec.Name, Spec: spec), op, ct);
        if (reply.Network is { } network) _networks[spec.Name] = network;
    }

    public VmNetwork? NetworkOf(string name) => _networks.TryRemove(name, out var network) ? network : null;

    public Task StartAsync(string name, OperationContext op, CancellationToken ct) => CallAsync(name, AgentMethod.Start, new AgentCall(name), op, ct);
    public Task StopAsync(string name, OperationContext op, CancellationToken ct) => CallAsync(name, AgentMethod.Stop, new AgentCall(name), op, ct);
    public Task DeleteAsync(string name, OperationContext op, CancellationToken ct) => CallAsync(name, AgentMethod.Delete, new AgentCall(name), op, ct);

    public Task CaptureTemplateAsync(string serverName, string? snapshot, string templateName, OperationContext op, CancellationToken ct) =>
        CallAsync(serverName, AgentMethod.CaptureTemplate, new AgentCall(serverName, Snapshot: snapshot, Template: templateName), op, ct);

    /// <summary>A template lives on the host where it was captured; every connected host is asked to forget it.</summary>
    public async Task DeleteTemplateAsync(string templateName, OperationContext op, CancellationToken ct)
    {
        foreach (var host in agents.Connected)
        {
            try
            {
                await agents.CallAsync(host, AgentMethod.DeleteTemplate, new AgentCall(Template: templateName), op.StartedAt, (_, _, _) => Task.CompletedTask, ct);
            }
            catch (AgentLostException)
            {
                // Gone meanwhile: a template it keeps is an orphan file, not a server's state.
            }
        }
    }

    public async Task<long?> CreateSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct) =>
        (await CallAsync(name, AgentMethod.CreateSnapshot, new AgentCall(name, Snapshot: snapshot), op, ct)).Size;

    public Task DeleteSnapshotAsync(string name, string snapshot, OperationContext op, CancellationToken ct) =>
        CallAsync(name, AgentMethod.DeleteSnapshot, new AgentCall(name, Snapshot: snapshot), op, ct);

    public Task RollbackAsync(string name, string snapshot, bool start, OperationContext op, CancellationToken ct) =>
        CallAsync(name, AgentMethod.Rollback, new AgentCall(name, Snapshot: snapshot, Start: start), op, ct);

    public Task SetInterfacesAsync(string name, IReadOnlyList<VmInterface> interfaces, OperationContext op, CancellationToken ct) =>
        CallAsync(name, AgentMethod.SetInterfaces, new AgentCall(name, Interfaces: interfaces), op, ct);

    public async Task<UserScriptEnd?> UserScriptEndAsync(string name, DateTimeOffset since, CancellationToken ct) =>
        (await ReadAsync(name, AgentMethod.UserScriptEnd, new AgentCall(name, Since: since), ct))?.ScriptEnd;

    public async Task HaltAsync(string name, CancellationToken ct) => await ReadAsync(name, AgentMethod.Halt, new AgentCall(name), ct);

    /// <summary>The control plane holds no VMs; each agent's own are reconciled when it connects (to come).</summary>
    public Task<IReadOnlyList<VmState>?> ListVmsAsync(CancellationToken ct) => Task.FromResult<IReadOnlyList<VmState>?>(null);

    public async Task<string?> GetPowerStateAsync(string name, CancellationToken ct) =>
        (await ReadAsync(name, AgentMethod.PowerState, new AgentCall(name), ct))?.PowerState;

    public async Task<VmSample?> SampleAsync(string name, DateTimeOffset at, CancellationToken ct) =>
        (await ReadAsync(name, AgentMethod.Sample, new AgentCall(name, Since: at), ct))?.Sample;

    public Task<Stream> OpenConsoleAsync(string name, CancellationToken ct) =>
        throw new HypervisorException($"the console of {name} runs on its host's agent, and consoles over the agent channel are not available yet");

    private async Task<AgentReply> CallAsync(string name, string method, AgentCall call, OperationContext op, CancellationToken ct)
    {
        var host = await HostOfAsync(name, ct);
        var wait = options.Value.Hosts.WaitForHost;
        var giveUp = time.GetUtcNow() + wait;
        while (true)
        {
            if (!agents.IsConnected(host))
            {
                await op.ReportMessage($"waiting for host {host}: its agent is not connected", ct);
                while (!agents.IsConnected(host))
                {
                    if (await ConnectedElsewhereAsync(host, name, ct) is { } other)
                        throw new ActionHandOffException(other, $"the agent of host {host} is connected to replica {other}");
                    var left = giveUp - time.GetUtcNow();
                    if (left <= TimeSpan.Zero)
                        throw new HypervisorException($"host {host} of {name} was not reachable for {wait.TotalSeconds:0} s (its agent is down): try again when the host is back");
                    // Woken at once by a connection here; a connection to another replica is seen in the store.
                    await agents.WaitConnectedAsync(host, left < StorePoll ? left : StorePoll, time, ct);
                }
                await op.ReportMessage("", ct);
            }
            try
            {
                var result = await agents.CallAsync(host, method, call, op.StartedAt, async (p, m, c) =>
                {
                    if (p >= 0) await op.ReportProgress(p, c);
                    if (m.Length > 0) await op.ReportMessage(m, c);
                }, ct);
                if (!result.Ok) throw new HypervisorException(result.Error);
                return AgentJson.ReadReply(result.Payload);
            }
            catch (AgentLostException)
            {
                // Sent again once the agent is back, within the same wait.
            }
        }
    }

    /// <summary>A read that the host's absence does not hold up: null when its agent is not connected or slow.</summary>
    private async Task<AgentReply?> ReadAsync(string name, string method, AgentCall call, CancellationToken ct)
    {
        var host = await HostOfAsync(name, ct);
        if (!agents.IsConnected(host)) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ReadTimeout);
        try
        {
            var result = await agents.CallAsync(host, method, call, time.GetUtcNow(), (_, _, _) => Task.CompletedTask, timeout.Token);
            return result.Ok ? AgentJson.ReadReply(result.Payload) : null;
        }
        catch (Exception e) when (e is AgentLostException || e is OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The other replica the host's agent is connected to, if any; a forgotten or revoked host ends the wait.</summary>
    private async Task<string?> ConnectedElsewhereAsync(string host, string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (known, at) = await scope.ServiceProvider.GetRequiredService<HostService>().WhereAsync(host, ct);
        if (!known) throw new HypervisorException($"host {host} of {name} was forgotten or revoked");
        return at is not null && at != replica.Name ? at : null;
    }

    private async Task<string> HostOfAsync(string name, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EcsDbContext>();
        var host = await db.Servers.IgnoreQueryFilters().Where(s => s.Name == name).Select(s => s.Host).FirstOrDefaultAsync(ct);
        return host is { Length: > 0 } ? host : throw new HypervisorException($"server {name} is on no host");
    }
}
