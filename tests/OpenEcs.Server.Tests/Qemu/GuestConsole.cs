using System.Net.WebSockets;
using System.Text;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>A VM's serial console through the API (a console key, then the websocket), for typing commands and reading answers.</summary>
public sealed class GuestConsole : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly ClientWebSocket _socket;
    private readonly StringBuilder _seen = new();

    private GuestConsole(ClientWebSocket socket) => _socket = socket;

    public static async Task<GuestConsole> OpenAsync(EcsServer server, HttpClient api, string name)
    {
        var key = (string)(await api.PostJsonAsync($"servers/{name}/actions", new { type = "console" })).AssertOk()["console_key"]!;
        var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/{key}"), timeout.Token);
        return new GuestConsole(socket);
    }

    /// <summary>Types a command line and returns what the console printed up to <paramref name="expected"/> (from the command on).</summary>
    public async Task<string> RunAsync(string command, string expected)
    {
        var from = _seen.Length;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command + "\r"), WebSocketMessageType.Text, true, CancellationToken.None);
        await ReadUntilAsync(expected, from);
        return _seen.ToString(from, _seen.Length - from);
    }

    /// <summary>Reads until <paramref name="expected"/> appears after position <paramref name="from"/> of what was seen.</summary>
    public async Task ReadUntilAsync(string expected, int from = 0)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        while (_seen.ToString(from, _seen.Length - from).IndexOf(expected, StringComparison.Ordinal) < 0)
        {
            WebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"the console did not print '{expected}'; seen: {_seen.ToString(from, _seen.Length - from)}");
            }
            if (result.MessageType == WebSocketMessageType.Close)
                throw new Xunit.Sdk.XunitException($"console closed before '{expected}'; seen: {_seen}");
            _seen.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        _socket.Dispose();
    }
}
