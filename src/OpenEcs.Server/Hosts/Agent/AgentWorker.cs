using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Web;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Server.Hosts.Protocol;

namespace OpenEcs.Server.Hosts.Agent;

/// <summary>
/// The agent: joins once (the join token for a credential, kept in the data folder), then keeps a Work stream open to
/// the control plane, runs each command on this host's hypervisor and answers it, and heartbeats. A lost connection
/// is opened again with a growing pause; the commands that were running are cancelled (the control plane sends them
/// again once the agent is back). A refused credential or join ends the agent with exit code 1.
/// </summary>
public sealed partial class AgentWorker(
    IHypervisor hypervisor, IOptions<OpenEcsOptions> options, IHostApplicationLifetime lifetime, AgentExit exit, ILogger<AgentWorker> log)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    private OpenEcsOptions O => options.Value;

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        using var channel = GrpcChannel.ForAddress(O.Agent.ControlPlane!, new GrpcChannelOptions
        {
            // gRPC-Web over HTTP/1.1: the API's own port serves it beside the REST API.
            HttpHandler = new GrpcWebHandler(GrpcWebMode.GrpcWeb, new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) }),
            HttpVersion = HttpVersion.Version11,
            HttpVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        });
        var client = new AgentChannel.AgentChannelClient(channel);
        var capacity = AgentCapacity.Of(O);
        var wire = new Capacity { Cpu = capacity.Cpu, RamMb = capacity.RamMb, DiskGb = capacity.DiskGb, Gpu = capacity.Gpu };
        var pause = TimeSpan.FromMilliseconds(200);
        try
        {
            var credential = AgentCredential.Read(O) ?? await JoinAsync(client, wire, stop);
            var headers = new Metadata { { AgentChannelService.HostHeader, O.Agent.HostName }, { "authorization", "Bearer " + credential } };
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await WorkAsync(client, headers, wire, () => pause = TimeSpan.FromMilliseconds(200), stop);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                {
                    throw new AgentRefusedException($"the control plane refused host {O.Agent.HostName}: {e.Status.Detail}");
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    LogLost(e.Message, pause);
                }
                CancelAll();
                await Task.Delay(pause, stop);
                pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (AgentRefusedException e)
        {
            LogRefused(e.Message);
            exit.Code = 1;
            lifetime.StopApplication();
        }
        finally
        {
            CancelAll();
        }
    }

    private async Task<string> JoinAsync(AgentChannel.AgentChannelClient client, Capacity capacity, CancellationToken stop)
    {
        if (O.Agent.JoinToken is not { Length: > 0 } token)
            throw new AgentRefusedException($"no credential in {AgentCredential.PathIn(O)}: give OpenEcs:Agent:JoinToken for the first start");
        for (var pause = TimeSpan.FromMilliseconds(200); ; pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(5).Ticks)))
        {
            try
            {
                var reply = await client.JoinAsync(new JoinRequest { JoinToken = token, HostName = O.Agent.HostName, Region = O.Agent.Region!, Capacity = capacity },
                    cancellationToken: stop);
                await AgentCredential.WriteAsync(O, reply.Credential, stop);
                LogJoined(O.Agent.HostName, O.Agent.Region!);
                return reply.Credential;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.InvalidArgument or StatusCode.Unauthenticated)
            {
                throw new AgentRefusedException($"the control plane refused to let {O.Agent.HostName} join: {e.Status.Detail}");
            }
            catch (RpcException e) when (!stop.IsCancellationRequested)
            {
                LogLost(e.Message, pause);
                await Task.Delay(pause, stop);
            }
        }
    }

    private async Task WorkAsync(AgentChannel.AgentChannelClient client, Metadata headers, Capacity capacity, Action connected, CancellationToken stop)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var call = client.Work(new WorkRequest { Capacity = capacity }, headers, cancellationToken: session.Token);
        var beats = HeartbeatAsync(client, headers, session);
        try
        {
            await call.ResponseHeadersAsync;
            connected();
            LogConnected(O.Agent.ControlPlane!);
            while (await call.ResponseStream.MoveNext(session.Token))
            {
                var command = call.ResponseStream.Current;
                switch (command.Method)
                {
                    case AgentMethod.Ping:
                        break;
                    case AgentMethod.Cancel:
                        if (AgentJson.ReadCall(command.Payload).CommandId is { } id && _running.TryGetValue(id, out var run)) await run.CancelAsync();
                        break;
                    default:
                        Start(client, headers, command, session.Token);
                        break;
                }
            }
            throw new IOException("the control plane ended the work stream");
        }
        finally
        {
            await session.CancelAsync();
            await beats;
        }
    }

    private async Task HeartbeatAsync(AgentChannel.AgentChannelClient client, Metadata headers, CancellationTokenSource session)
    {
        try
        {
            while (!session.IsCancellationRequested)
            {
                await Task.Delay(O.Agent.HeartbeatInterval, session.Token);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(session.Token);
                timeout.CancelAfter(O.Agent.HeartbeatInterval * 3);
                var ack = await client.HeartbeatAsync(new HeartbeatRequest { Running = _running.Count }, headers, cancellationToken: timeout.Token);
                // The control plane no longer holds this stream (a replica restarted behind a balancer): open another.
                if (!ack.Known) await session.CancelAsync();
            }
        }
        catch (Exception)
        {
            // An unanswered heartbeat ends the session: the stream is opened again.
            await session.CancelAsync();
        }
    }

    private void Start(AgentChannel.AgentChannelClient client, Metadata headers, Command command, CancellationToken session)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(session);
        if (!_running.TryAdd(command.Id, cancel))
        {
            cancel.Dispose();
            return;
        }
        _ = Task.Run(async () =>
        {
            var result = new CommandResult { Id = command.Id };
            try
            {
                var op = new OperationContext(DateTimeOffset.FromUnixTimeMilliseconds(command.StartedAtUnixMs),
                    (p, ct) => client.ProgressAsync(new ProgressReport { Id = command.Id, Progress = p }, headers, cancellationToken: ct).ResponseAsync)
                {
                    ReportMessage = (m, ct) => client.ProgressAsync(new ProgressReport { Id = command.Id, Progress = -1, Message = m }, headers, cancellationToken: ct).ResponseAsync,
                };
                result.Payload = AgentJson.Write(await AgentExecutor.RunAsync(hypervisor, command.Method, AgentJson.ReadCall(command.Payload), op, cancel.Token));
                result.Ok = true;
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                return; // cancelled or disconnected: nobody waits for this answer
            }
            catch (Exception e)
            {
                result.Error = e is HypervisorException or EcsException ? e.Message : $"agent {O.Agent.HostName}: {e.Message}";
            }
            finally
            {
                _running.TryRemove(command.Id, out _);
            }
            try
            {
                await client.FinishAsync(result, headers, cancellationToken: session);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // The connection went meanwhile: the control plane sends the command again.
            }
            finally
            {
                cancel.Dispose();
            }
        }, CancellationToken.None);
    }

    private void CancelAll()
    {
        foreach (var run in _running.Values)
        {
            try { run.Cancel(); }
            catch (ObjectDisposedException) { }
        }
    }

    [LoggerMessage(LogLevel.Information, "host {Host} joined the cluster in {Region}; its credential is kept in the data folder")]
    private partial void LogJoined(string host, string region);

    [LoggerMessage(LogLevel.Information, "connected to the control plane at {Url}")]
    private partial void LogConnected(string url);

    [LoggerMessage(LogLevel.Warning, "control plane not reachable ({Reason}); trying again in {Pause}")]
    private partial void LogLost(string reason, TimeSpan pause);

    [LoggerMessage(LogLevel.Critical, "{Reason}")]
    private partial void LogRefused(string reason);
}

/// <summary>The control plane will not have this host: retrying cannot help.</summary>
public sealed class AgentRefusedException(string message) : Exception(message);

/// <summary>The agent's exit code, set by the worker before it stops the host.</summary>
public sealed class AgentExit
{
    public int Code { get; set; }
}
