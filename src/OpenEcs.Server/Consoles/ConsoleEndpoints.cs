using System.Net.WebSockets;
using OpenEcs.Core.Consoles;
using OpenEcs.Core.Telemetry;
using OpenEcs.Server.Errors;
using OpenEcs.Server.Hosting;

namespace OpenEcs.Server.Consoles;

/// <summary>
/// The serial console over a websocket: ws://HOST/ecs/v2/console/{console_key}. The key from the console action is
/// the credential: valid 60 seconds, good for one connection. Bytes go both ways unchanged (binary frames; text
/// frames are taken as UTF-8 input).
/// </summary>
public static class ConsoleEndpoints
{
    public const string Path = "/ecs/v2/console";

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path + "/{key}", ConnectAsync).AllowAnonymous().WithTags("Servers").ProducesApiErrors()
            .WithSummary("Websocket to a server's serial console; the key comes from the console action");
        return app;
    }

    public static string UrlOf(HttpContext http, string key) =>
        $"{(http.Request.IsHttps ? "wss" : "ws")}://{http.Request.Host}{http.Request.PathBase}{Path}/{key}";

    private static async Task ConnectAsync(string key, HttpContext http, ConsoleService consoles, EcsTelemetry telemetry)
    {
        var ct = http.RequestAborted;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.WriteAsync(http, 400, "this endpoint speaks websocket only");
            return;
        }
        if (await consoles.OpenAsync(key, ct) is not var (_, opened))
        {
            await ApiErrors.WriteAsync(http, 404, "console key unknown, already used or expired; ask for a new one with the console action");
            return;
        }
        await using var console = opened;
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        telemetry.ConsoleOpened();
        try
        {
            await BridgeAsync(console, socket, ct);
        }
        finally
        {
            telemetry.ConsoleClosed();
        }
    }

    private static async Task BridgeAsync(Stream console, WebSocket socket, CancellationToken ct)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var fromVm = PumpToSocketAsync(console, socket, done.Token);
        var toVm = PumpToConsoleAsync(socket, console, done.Token);
        if (await Task.WhenAny(fromVm, toVm) == fromVm && socket.State == WebSocketState.Open)
        {
            // The console ended (exit): close our side and let the receive loop take the client's answering close
            // frame. Cancelling a pending receive would abort the socket instead of completing the handshake.
            await CloseAsync(socket);
            await Task.WhenAny(toVm, Task.Delay(CloseGrace, ct));
        }
        await done.CancelAsync();
        // Both pumps have stopped before the close frame below: a websocket takes one send at a time.
        await Task.WhenAll(fromVm, toVm);
        // The client closed first: answer its close frame, or it sees the connection drop mid-handshake.
        if (socket.State == WebSocketState.CloseReceived) await CloseAsync(socket);
    }

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private static async Task CloseAsync(WebSocket socket)
    {
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "console closed", CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or IOException) { }
    }

    private static async Task PumpToSocketAsync(Stream console, WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await console.ReadAsync(buffer, ct)) > 0)
                await socket.SendAsync(buffer.AsMemory(0, n), WebSocketMessageType.Binary, true, ct);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }

    private static async Task PumpToConsoleAsync(WebSocket socket, Stream console, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                await console.WriteAsync(buffer.AsMemory(0, result.Count), ct);
                await console.FlushAsync(ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }
}
