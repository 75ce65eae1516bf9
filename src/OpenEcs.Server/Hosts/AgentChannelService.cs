using Grpc.Core;
using OpenEcs.Core;
using OpenEcs.Core.Hosts;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Hosts.Protocol;

namespace OpenEcs.Server.Hosts;

/// <summary>
/// The control plane's end of the agent channel. Join takes the cluster's join token; every other call carries the
/// host's name and credential as metadata (<see cref="HostHeader"/>, authorization: Bearer) and is refused for an
/// unknown, wrong or revoked one.
/// </summary>
public sealed partial class AgentChannelService(
    HostService hosts, AgentConnections agents, ReplicaIdentity replica, ILogger<AgentChannelService> log) : AgentChannel.AgentChannelBase
{
    public const string HostHeader = "x-openecs-host";
    /// <summary>An idle stream sends a ping this often, so that a peer that vanished without a reset is noticed.</summary>
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(15);

    public override async Task<JoinReply> Join(JoinRequest request, ServerCallContext context)
    {
        try
        {
            var credential = await hosts.JoinAsync(request.JoinToken, request.HostName, request.Region, CapacityOf(request.Capacity), context.CancellationToken);
            LogJoined(request.HostName, request.Region);
            return new JoinReply { Credential = credential };
        }
        catch (EcsException e)
        {
            throw new RpcException(new Status(e.Kind == ErrorKind.Forbidden ? StatusCode.PermissionDenied : StatusCode.InvalidArgument, e.Message));
        }
    }

    public override async Task Work(WorkRequest request, IServerStreamWriter<Command> stream, ServerCallContext context)
    {
        var host = await AuthenticateAsync(context);
        if (request.Capacity is { } capacity) await hosts.HeartbeatAsync(host, CapacityOf(capacity), context.CancellationToken);
        else await hosts.HeartbeatAsync(host, null, context.CancellationToken);
        var link = agents.Connect(host);
        await hosts.ConnectedAsync(host, replica.Name, context.CancellationToken);
        LogConnected(host);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, link.Closed.Token);
        try
        {
            while (!ended.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
                idle.CancelAfter(PingEvery);
                Command command;
                try
                {
                    if (!await link.Outbox.Reader.WaitToReadAsync(idle.Token)) break;
                    if (!link.Outbox.Reader.TryRead(out var next)) continue;
                    command = next;
                }
                catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                {
                    command = new Command { Id = "", Method = AgentMethod.Ping };
                }
                await stream.WriteAsync(command, ended.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The agent went away or the link was replaced: its pending commands are told below.
        }
        finally
        {
            agents.Disconnect(link);
            if (!agents.IsConnected(host)) await hosts.DisconnectedAsync(host, replica.Name, CancellationToken.None);
            LogDisconnected(host);
        }
    }

    public override async Task<Ack> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var host = await AuthenticateAsync(context);
        await hosts.HeartbeatAsync(host, null, context.CancellationToken);
        return new Ack { Known = agents.IsConnected(host) };
    }

    public override async Task<Ack> Progress(ProgressReport request, ServerCallContext context) =>
        new() { Known = agents.Report(await AuthenticateAsync(context), request.Id, request.Progress, request.Message) };

    public override async Task<Ack> Finish(CommandResult request, ServerCallContext context) =>
        new() { Known = agents.Finish(await AuthenticateAsync(context), request) };

    private async Task<string> AuthenticateAsync(ServerCallContext context)
    {
        var name = context.RequestHeaders.GetValue(HostHeader);
        var authorization = context.RequestHeaders.GetValue("authorization");
        const string bearer = "Bearer ";
        if (name is null || authorization is null || !authorization.StartsWith(bearer, StringComparison.Ordinal))
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"give the host's name ({HostHeader}) and credential (authorization: Bearer)"));
        var host = await hosts.AuthenticateAsync(name, authorization[bearer.Length..], context.CancellationToken);
        return host?.Name ?? throw new RpcException(new Status(StatusCode.PermissionDenied, $"host {name}: unknown, revoked or wrong credential"));
    }

    private static HostCapacity CapacityOf(Capacity? c) => new(c?.Cpu ?? 0, c?.RamMb ?? 0, c?.DiskGb ?? 0, c?.Gpu ?? 0);

    [LoggerMessage(LogLevel.Information, "host {Host} joined region {Region}")]
    private partial void LogJoined(string host, string region);

    [LoggerMessage(LogLevel.Information, "agent of host {Host} connected")]
    private partial void LogConnected(string host);

    [LoggerMessage(LogLevel.Warning, "agent of host {Host} disconnected")]
    private partial void LogDisconnected(string host);
}
