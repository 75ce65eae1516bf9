using System.Net;
using System.Net.WebSockets;
using System.Text;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>The serial console websocket at /ecs/v2/console/{key}: the key of a console action opens it once.</summary>
public sealed class ConsoleEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private Uri ConsoleUri(string key) => new($"ws://127.0.0.1:{fx.Server.BaseAddress.Port}/ecs/v2/console/{key}");

    private static async Task<string> ConsoleKeyAsync(HttpClient api, string server) =>
        (string)(await api.PostJsonAsync($"servers/{server}/actions", new { type = "console" })).AssertOk()["console_key"]!;

    private async Task<ClientWebSocket> ConnectAsync(string key)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(ConsoleUri(key), timeout.Token);
        return socket;
    }

    /// <summary>Connecting must fail at the handshake with this HTTP status.</summary>
    private async Task AssertRefusedAsync(string key, HttpStatusCode expected)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Patience);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ConsoleUri(key), timeout.Token));
        Assert.Equal(expected, socket.HttpStatusCode);
    }

    /// <summary>Reads what the console sends until the text seen so far contains <paramref name="expected"/>.</summary>
    private static async Task<string> ReadUntilAsync(WebSocket socket, string expected, StringBuilder seen)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
                throw new Xunit.Sdk.XunitException($"console closed before '{expected}'; seen: {seen}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        return seen.ToString();
    }

    private static Task SendAsync(WebSocket socket, string text, WebSocketMessageType type = WebSocketMessageType.Text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), type, true, CancellationToken.None);

    [Fact]
    public async Task Console_shows_a_banner_and_echoes_commands()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("console");
        using var socket = await ConnectAsync(await ConsoleKeyAsync(me.Api, name));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, socket.HttpStatusCode);

        var seen = new StringBuilder();
        var banner = await ReadUntilAsync(socket, $"root@{name}:~# ", seen);
        Assert.Contains("ttyS0", banner);

        seen.Clear();
        await SendAsync(socket, "echo hello\r");
        await ReadUntilAsync(socket, "\r\nhello\r\n", seen);

        // Binary frames are input too.
        seen.Clear();
        await SendAsync(socket, "hostname\r", WebSocketMessageType.Binary);
        await ReadUntilAsync(socket, $"\r\n{name}\r\n", seen);

        using var timeout = new CancellationTokenSource(Patience);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task A_key_opens_one_console_only()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("once");
        var key = await ConsoleKeyAsync(me.Api, name);
        using (var first = await ConnectAsync(key))
        {
            await ReadUntilAsync(first, "# ", new StringBuilder());
            await AssertRefusedAsync(key, HttpStatusCode.NotFound);
        }
        await AssertRefusedAsync(key, HttpStatusCode.NotFound);
        using var fresh = await ConnectAsync(await ConsoleKeyAsync(me.Api, name));
        await ReadUntilAsync(fresh, "# ", new StringBuilder());
    }

    [Fact]
    public async Task Unknown_keys_and_plain_http_are_refused()
    {
        await AssertRefusedAsync(Guid.NewGuid().ToString(), HttpStatusCode.NotFound);
        await AssertRefusedAsync("not-a-key", HttpStatusCode.NotFound);

        // Without the websocket handshake the answer is a JSON error too.
        using var http = new HttpClient { BaseAddress = fx.Server.BaseAddress };
        (await http.RawAsync(HttpMethod.Get, $"/ecs/v2/console/{Guid.NewGuid()}")).AssertError(HttpStatusCode.BadRequest, "websocket");
        (await http.RawAsync(HttpMethod.Post, $"/ecs/v2/console/{Guid.NewGuid()}")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await http.RawAsync(HttpMethod.Get, "/ecs/v2/console/")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Exit_ends_the_session_from_the_server_side()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("exit");
        using var socket = await ConnectAsync(await ConsoleKeyAsync(me.Api, name));
        await ReadUntilAsync(socket, "# ", new StringBuilder());
        await SendAsync(socket, "exit\r");

        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        WebSocketReceiveResult result;
        do result = await socket.ReceiveAsync(buffer, timeout.Token);
        while (result.MessageType != WebSocketMessageType.Close);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task Keys_of_deleted_servers_are_refused()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("gone");
        var key = await ConsoleKeyAsync(me.Api, name);
        var delete = (await me.Api.DeleteJsonAsync($"servers/{name}")).AssertOk();
        await me.Api.WaitForActionAsync((long)delete["action"]!["id"]!);
        await AssertRefusedAsync(key, HttpStatusCode.NotFound);
    }
}
