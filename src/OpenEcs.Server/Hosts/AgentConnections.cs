using System.Collections.Concurrent;
using System.Threading.Channels;
using OpenEcs.Server.Hosts.Protocol;

namespace OpenEcs.Server.Hosts;

/// <summary>The agent of a host went away while one of its commands ran: the caller waits for it and sends again.</summary>
public sealed class AgentLostException(string host) : Exception($"the agent of host {host} disconnected");

/// <summary>
/// The agents connected to this replica, each with its outbox (what its Work stream sends) and the commands it has
/// not answered yet. A command's progress reports are applied one after another and before its end is returned, so
/// the waiting action's store context is never used by two threads at once.
/// </summary>
public sealed class AgentConnections
{
    private readonly ConcurrentDictionary<string, Link> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _arrivals = new(StringComparer.Ordinal);

    public sealed class Link(string host)
    {
        public string Host { get; } = host;
        public Channel<Command> Outbox { get; } = Channel.CreateUnbounded<Command>(new UnboundedChannelOptions { SingleReader = true });
        internal ConcurrentDictionary<string, Pending> Pending { get; } = new(StringComparer.Ordinal);
        /// <summary>Cancelled when the link is replaced or dropped: its Work stream ends.</summary>
        public CancellationTokenSource Closed { get; } = new();
    }

    internal sealed class Pending(Func<int, string, CancellationToken, Task> progress, CancellationToken ct)
    {
        private readonly Lock _gate = new();
        private Task _reports = Task.CompletedTask;
        public TaskCompletionSource<CommandResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(int percent, string message)
        {
            lock (_gate) _reports = _reports.ContinueWith(_ => progress(percent, message, ct), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }

        /// <summary>Every report received so far has been applied (a failed one is not the command's failure).</summary>
        public async Task DrainAsync()
        {
            Task reports;
            lock (_gate) reports = _reports;
            try { await reports; }
            catch (Exception) { /* a progress write that failed is overwritten by the end's */ }
        }
    }

    public bool IsConnected(string host) => _links.ContainsKey(host);

    public IReadOnlyCollection<string> Connected => _links.Keys.ToList();

    /// <summary>The host's new link; one that was still open (the agent reconnected) is dropped first.</summary>
    public Link Connect(string host)
    {
        var link = new Link(host);
        _links.AddOrUpdate(host, link, (_, old) =>
        {
            Close(old);
            return link;
        });
        _arrivals.TryRemove(host, out var waiting);
        waiting?.TrySetResult();
        return link;
    }

    public void Disconnect(Link link)
    {
        _links.TryRemove(new KeyValuePair<string, Link>(link.Host, link));
        Close(link);
    }

    /// <summary>Ends a host's stream now (revoked).</summary>
    public void Drop(string host)
    {
        if (_links.TryRemove(host, out var link)) Close(link);
    }

    /// <summary>True once the host's agent is connected, false when <paramref name="timeout"/> passed first.</summary>
    public async Task<bool> WaitConnectedAsync(string host, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        if (IsConnected(host)) return true;
        var arrival = _arrivals.GetOrAdd(host, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (IsConnected(host)) return true; // connected between the check and the registration
        try
        {
            await arrival.Task.WaitAsync(timeout, time, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return IsConnected(host);
        }
    }

    /// <summary>Sends a command to the host's agent and waits for its end; <see cref="AgentLostException"/> when the
    /// agent goes away meanwhile; a cancellation is passed on to the agent.</summary>
    public async Task<CommandResult> CallAsync(string host, string method, AgentCall call, DateTimeOffset startedAt,
        Func<int, string, CancellationToken, Task> progress, CancellationToken ct)
    {
        if (!_links.TryGetValue(host, out var link)) throw new AgentLostException(host);
        var id = Guid.NewGuid().ToString("N");
        var pending = new Pending(progress, ct);
        link.Pending[id] = pending;
        try
        {
            await link.Outbox.Writer.WriteAsync(new Command
            {
                Id = id, Method = method, Payload = AgentJson.Write(call), StartedAtUnixMs = startedAt.ToUnixTimeMilliseconds(),
            }, ct);
            CommandResult result;
            try
            {
                result = await pending.Result.Task.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                link.Outbox.Writer.TryWrite(new Command
                {
                    Id = Guid.NewGuid().ToString("N"), Method = AgentMethod.Cancel, Payload = AgentJson.Write(new AgentCall(CommandId: id)),
                });
                throw;
            }
            await pending.DrainAsync();
            return result;
        }
        catch (ChannelClosedException)
        {
            throw new AgentLostException(host);
        }
        finally
        {
            link.Pending.TryRemove(id, out _);
        }
    }

    public bool Report(string host, string id, int progress, string message)
    {
        if (!_links.TryGetValue(host, out var link) || !link.Pending.TryGetValue(id, out var pending)) return false;
        pending.Report(progress, message);
        return true;
    }

    public bool Finish(string host, CommandResult result)
    {
        if (!_links.TryGetValue(host, out var link) || !link.Pending.TryGetValue(result.Id, out var pending)) return false;
        return pending.Result.TrySetResult(result);
    }

    private static void Close(Link link)
    {
        link.Outbox.Writer.TryComplete();
        try { link.Closed.Cancel(); }
        catch (ObjectDisposedException) { }
        foreach (var pending in link.Pending.Values) pending.Result.TrySetException(new AgentLostException(link.Host));
    }
}
