using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// QEMU's machine protocol over the VM's unix socket: JSON lines, a greeting, <c>qmp_capabilities</c>, then commands,
/// each with its own timeout (a hung QEMU must not hang an action). Events interleaved with answers are skipped.
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly Stream _stream;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public static async Task<QmpClient> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var timeout = Timeout(DefaultTimeout, ct);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
            var client = new QmpClient(socket);
            await client.ReadMessageAsync(timeout.Token); // the greeting
            await client.ExecuteAsync("qmp_capabilities", null, ct);
            return client;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new QmpException($"QMP at {socketPath} did not greet within {DefaultTimeout.TotalSeconds} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task<JsonNode?> ExecuteAsync(string command, JsonObject? arguments, CancellationToken ct, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        using var cts = Timeout(limit, ct);
        var request = new JsonObject { ["execute"] = command };
        if (arguments is not null) request["arguments"] = arguments;
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToJsonString() + "\n"), cts.Token);
            while (true)
            {
                var message = await ReadMessageAsync(cts.Token);
                if (message["return"] is { } result) return result;
                if (message["error"] is { } error)
                    throw new QmpException($"QMP {command} failed: {error["desc"]?.GetValue<string>() ?? error.ToJsonString()}");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The action's message should name what hung, not say "The operation was canceled".
            throw new QmpException($"QMP {command} did not answer within {limit.TotalSeconds} s");
        }
    }

    private async Task<JsonObject> ReadMessageAsync(CancellationToken ct)
    {
        var line = await _reader.ReadLineAsync(ct) ?? throw new QmpException("QMP socket closed");
        return JsonNode.Parse(line) as JsonObject ?? throw new QmpException("QMP sent something other than an object");
    }

    private static CancellationTokenSource Timeout(TimeSpan timeout, CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        return cts;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _reader.Dispose();
        _socket.Dispose();
    }
}

public sealed class QmpException(string message) : Exception(message);
