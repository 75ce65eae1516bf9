using System.Net.WebSockets;
using OpenEcs.Core;
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

    /// <summary>
    /// The console's websocket URL, never from an arbitrary Host header (which a client, or whoever shaped its
    /// request, chooses): OpenEcs:PublicUrl when set, else the request's host when OpenEcs:AllowedHosts lists it, else
    /// the address the request came in on.
    /// </summary>
    public static string UrlOf(HttpContext http, string key, OpenEcsOptions options)
    {
        if (options.PublicUrl is { Length: > 0 } configured)
        {
            var url = new Uri(configured);
            return $"{(url.Scheme == "https" ? "wss" : "ws")}://{url.Authority}{url.AbsolutePath.TrimEnd('/')}{Path}/{key}";
        }
        var scheme = http.Request.IsHttps ? "wss" : "ws";
        var host = http.Request.Host;
        if (host.HasValue && IsAllowed(host.Host, options.AllowedHosts)) return $"{scheme}://{host}{http.Request.PathBase}{Path}/{key}";
        var local = http.Connection.LocalIpAddress ?? System.Net.IPAddress.Loopback;
        if (local.IsIPv4MappedToIPv6) local = local.MapToIPv4();
        var authority = local.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local}]" : local.ToString();
        return $"{scheme}://{authority}:{http.Connection.LocalPort}{http.Request.PathBase}{Path}/{key}";
    }

    private static bool IsAllowed(string host, string? allowed) =>
        (allowed ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(entry =>
            entry.StartsWith("*.", StringComparison.Ordinal)
                ? host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase)
                : string.Equals(host, entry, StringComparison.OrdinalIgnoreCase));

    private static async Task ConnectAsync(string key, HttpContext http, ConsoleService consoles, EcsTelemetry telemetry)
    {
        var ct = http.RequestAborted;
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await ApiErrors.WriteAsync(http, 400, "this endpoint speaks websocket only");
            return;
        }
        if (await consoles.OpenAsync(key, ct) is not { } opened)
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

    private static async Task BridgeAsync(OpenConsole console, WebSocket socket, CancellationToken ct)
    {
        var session = console.Session;
        // toVm is stopped by done only: cancelling a pending receive aborts the socket instead of closing it.
        using var done = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stopVm = CancellationTokenSource.CreateLinkedTokenSource(ct, session.Closed);
        var fromVm = PumpToSocketAsync(console.Stream, socket, session, stopVm.Token);
        var toVm = PumpToConsoleAsync(socket, console.Stream, session, done.Token);
        var closedHere = Task.Delay(Timeout.Infinite, session.Closed);
        var ended = await Task.WhenAny(fromVm, toVm, closedHere);
        if (ended == closedHere)
        {
            // Deleted, powered off or idle: stop sending (a send cut short aborts the socket; a client that
            // reads nothing gets no cleaner ending) and say why in the close frame.
            await stopVm.CancelAsync();
            await fromVm;
        }
        if (ended != toVm && socket.State == WebSocketState.Open)
        {
            // The console ended (exit) or was closed here: close our side and let the receive loop take the client's
            // answering close frame.
            await CloseAsync(socket, session.Reason is { } reason and not "ended" ? reason : "console closed");
            await Task.WhenAny(toVm, Task.Delay(CloseGrace, ct));
        }
        await stopVm.CancelAsync();
        await done.CancelAsync();
        // Both pumps have stopped before the close frame below: a websocket takes one send at a time.
        await Task.WhenAll(fromVm, toVm);
        // The client closed first: answer its close frame, or it sees the connection drop mid-handshake.
        if (socket.State == WebSocketState.CloseReceived) await CloseAsync(socket, "console closed");
    }

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private static async Task CloseAsync(WebSocket socket, string reason)
    {
        // A client that reads nothing could hold the close frame back for ever.
        using var grace = new CancellationTokenSource(CloseGrace);
        try
        {
            // The reason is limited to 123 bytes by the protocol.
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, reason.Length > 120 ? reason[..120] : reason, grace.Token);
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException) { }
    }

    /// <summary>
    /// Console to client. One buffer each way and nothing queued: a client that does not read holds this pump at its
    /// send, the console's output waits in the console's own bounded buffer, and typing then waits too.
    /// </summary>
    private static async Task PumpToSocketAsync(Stream console, WebSocket socket, ConsoleSession session, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await console.ReadAsync(buffer, ct)) > 0)
            {
                session.Touch();
                await socket.SendAsync(buffer.AsMemory(0, n), WebSocketMessageType.Binary, true, ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }

    private static async Task PumpToConsoleAsync(WebSocket socket, Stream console, ConsoleSession session, CancellationToken ct)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                session.Touch();
                await console.WriteAsync(buffer.AsMemory(0, result.Count), ct);
                await console.FlushAsync(ct);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }
}
