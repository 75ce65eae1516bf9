using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenEcs.Client;
using OpenEcs.Panel.Api;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Terminal;

/// <summary>
/// The browser's terminal talks to this websocket; the panel asks the API for a console key (the console action) and
/// bridges to the API's own console websocket with it, byte for byte. The key never reaches the browser, the API
/// may be another host the browser cannot reach, and the socket is the session's (cookie, same origin only).
/// </summary>
public static class ConsoleBridge
{
    private const int BufferBytes = 4096;
    private static readonly ConcurrentDictionary<string, int> Open = new();

    public static string PathOf(string server) => $"/servers/{Uri.EscapeDataString(server)}/console/socket";

    public static IEndpointRouteBuilder MapConsoleBridge(this IEndpointRouteBuilder app)
    {
        app.MapGet("/servers/{name}/console/socket", ConnectAsync).RequireAuthorization(PanelSession.Policy).ExcludeFromDescription();
        return app;
    }

    private static async Task ConnectAsync(string name, HttpContext http, PanelApi api, IOptions<PanelOptions> options)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Refuse(http, StatusCodes.Status400BadRequest, "this address speaks websocket only");
            return;
        }
        // A websocket is not subject to the same-origin policy: refuse pages of other origins (cross-site hijacking).
        if (!SameOrigin(http))
        {
            await Refuse(http, StatusCodes.Status403Forbidden, "the console opens only from the panel's own pages");
            return;
        }
        var session = PanelSession.Of(http.User)!;
        var key = session.Token;
        if (Open.AddOrUpdate(key, 1, (_, n) => n + 1) > options.Value.MaxConsolesPerSession)
        {
            Release(key);
            await Refuse(http, StatusCodes.Status429TooManyRequests, $"at most {options.Value.MaxConsolesPerSession} consoles at once");
            return;
        }
        try
        {
            await BridgeAsync(name, http, api);
        }
        finally
        {
            Release(key);
        }
    }

    private static async Task BridgeAsync(string name, HttpContext http, PanelApi api)
    {
        var ct = http.RequestAborted;
        WebSocket upstream;
        try
        {
            var access = await api.Client.Servers.RequestConsoleAsync(name, ct);
            var browser = ForwardedForHandler.BrowserAddress(http);
            upstream = await api.Client.Servers.ConnectConsoleAsync(access, o =>
            {
                if (browser is not null) o.SetRequestHeader(ForwardedForHandler.Header, browser);
            }, ct);
        }
        catch (Exception e) when (e is EcsException or HttpRequestException or WebSocketException)
        {
            // Said on the socket, where the terminal shows it: a refused upgrade reaches a script as a bare "error".
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            await refused.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, Truncate(e.Message), CancellationToken.None);
            return;
        }
        using (upstream)
        using (var socket = await http.WebSockets.AcceptWebSocketAsync())
        using (var done = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var down = PumpAsync(upstream, socket, done.Token);
            var up = PumpAsync(socket, upstream, done.Token);
            await Task.WhenAny(down, up);
            await done.CancelAsync();
            await Task.WhenAll(down, up);
            await CloseAsync(socket);
            await CloseAsync(upstream);
        }
    }

    /// <summary>Copies frames one buffer at a time (nothing accumulates) until either side closes.</summary>
    private static async Task PumpAsync(WebSocket from, WebSocket to, CancellationToken ct)
    {
        var buffer = new byte[BufferBytes];
        try
        {
            while (true)
            {
                var frame = await from.ReceiveAsync(buffer.AsMemory(), ct);
                if (frame.MessageType == WebSocketMessageType.Close) return;
                await to.SendAsync(buffer.AsMemory(0, frame.Count), frame.MessageType, frame.EndOfMessage, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "console closed", grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }

    private static bool SameOrigin(HttpContext http) =>
        http.Request.Headers.Origin.ToString() is { Length: > 0 } origin
        && Uri.TryCreate(origin, UriKind.Absolute, out var o)
        && string.Equals(o.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase);

    private static Task Refuse(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        return http.Response.WriteAsync(message);
    }

    private static void Release(string key)
    {
        if (Open.AddOrUpdate(key, 0, (_, n) => n - 1) <= 0) Open.TryRemove(new KeyValuePair<string, int>(key, 0));
    }

    // A close reason is at most 123 bytes.
    private static string Truncate(string message) => message.Length <= 120 ? message : message[..117] + "...";
}
