using Microsoft.Extensions.Options;

namespace OpenEcs.Core.Consoles;

/// <summary>
/// The consoles open on this replica. Each holds descriptors and buffers, so their number is capped per account, per
/// server and in all (OpenEcs:Consoles); a server's consoles are closed when it is deleted or powered off (its
/// handlers signal here; <see cref="ConsoleWatch"/> catches what happens on other replicas) and idle ones time out.
/// </summary>
public sealed class ConsoleRegistry(IOptions<OpenEcsOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<ConsoleSession> _open = [];

    private ConsoleOptions Caps => options.Value.Consoles;

    /// <summary>Why a new console of the account's server would be refused now, or null when it fits.</summary>
    public string? Refusal(long accountId, string server)
    {
        lock (_gate) return RefusalLocked(accountId, server);
    }

    /// <summary>Registers a console that is opening; a 429 naming the cap when it would pass one.</summary>
    public ConsoleSession Open(long accountId, string server)
    {
        lock (_gate)
        {
            if (RefusalLocked(accountId, server) is { } refusal) throw new EcsException(ErrorKind.TooManyRequests, refusal);
            var session = new ConsoleSession(this, accountId, server, time);
            _open.Add(session);
            return session;
        }
    }

    /// <summary>Closes every console of the server, with the reason its clients see in the close frame.</summary>
    public void CloseServer(string server, string reason)
    {
        foreach (var session in Snapshot().Where(s => s.Server == server)) session.Close(reason);
    }

    /// <summary>Closes the consoles that carried nothing for OpenEcs:Consoles:IdleTimeout (on the domain clock).</summary>
    public void CloseIdle()
    {
        var idle = Caps.IdleTimeout;
        var now = time.GetUtcNow();
        foreach (var session in Snapshot().Where(s => now - s.LastActivity >= idle))
            session.Close($"closed after {idle.TotalMinutes:0.#} min without input or output");
    }

    public IReadOnlyList<ConsoleSession> Snapshot()
    {
        lock (_gate) return _open.ToList();
    }

    internal void Remove(ConsoleSession session)
    {
        lock (_gate) _open.Remove(session);
    }

    private string? RefusalLocked(long accountId, string server)
    {
        var caps = Caps;
        if (_open.Count >= caps.MaxOpen)
            return $"too many consoles open on this server ({caps.MaxOpen}, OpenEcs:Consoles:MaxOpen); retry later";
        if (_open.Count(s => s.AccountId == accountId) >= caps.MaxPerAccount)
            return $"this account has {caps.MaxPerAccount} consoles open, the most it may (OpenEcs:Consoles:MaxPerAccount); close one first";
        if (_open.Count(s => s.Server == server) >= caps.MaxPerServer)
            return $"server {server} has {caps.MaxPerServer} consoles open, the most it may (OpenEcs:Consoles:MaxPerServer); close one first";
        return null;
    }
}

/// <summary>One open console: its owner, its server, when it last carried a byte, and the signal that closes it.</summary>
public sealed class ConsoleSession : IDisposable
{
    private readonly ConsoleRegistry _registry;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _closed = new();
    private long _lastActivityTicks;

    internal ConsoleSession(ConsoleRegistry registry, long accountId, string server, TimeProvider time)
    {
        _registry = registry;
        _time = time;
        AccountId = accountId;
        Server = server;
        Touch();
    }

    public long AccountId { get; }
    public string Server { get; }
    /// <summary>Why it was closed from this side (the close frame's reason); null while open.</summary>
    public string? Reason { get; private set; }
    public CancellationToken Closed => _closed.Token;
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    /// <summary>Bytes went one way or the other.</summary>
    public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, _time.GetUtcNow().UtcTicks);

    internal void Close(string reason)
    {
        lock (_closed)
        {
            if (Reason is not null) return;
            Reason = reason;
        }
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It ended meanwhile.
        }
    }

    public void Dispose()
    {
        _registry.Remove(this);
        lock (_closed) Reason ??= "ended";
        _closed.Dispose();
    }
}
