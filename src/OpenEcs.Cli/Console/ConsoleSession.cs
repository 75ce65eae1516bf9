using System.Net.WebSockets;

namespace OpenEcs.Cli.Console;

/// <summary>
/// One interactive session on a server's serial console: what is typed goes to the websocket as it is, what comes
/// back is written out as it is. Ctrl-] leaves. When the input ends (a pipe), the console's answer is still shown
/// until it has been quiet for <see cref="Drain"/>, so that `echo uptime | ecs servers console NAME` prints it.
/// </summary>
internal static class ConsoleSession
{
    public const byte Escape = 0x1d; // Ctrl-]
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(1);

    public enum End { Escape, InputEnded, ConsoleClosed }

    public static async Task<End> RunAsync(WebSocket socket, Stream input, Stream output, CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var lastOutput = Environment.TickCount64;
        var fromConsole = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var result = await socket.ReceiveAsync(buffer.AsMemory(), stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    await output.WriteAsync(buffer.AsMemory(0, result.Count), stop.Token);
                    await output.FlushAsync(stop.Token);
                    Interlocked.Exchange(ref lastOutput, Environment.TickCount64);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        }, CancellationToken.None);
        // A read of the terminal cannot be cancelled: it runs on its own, and an ended session simply stops waiting for it.
        var toConsole = Task.Run(async () =>
        {
            var buffer = new byte[1024];
            while (true)
            {
                var n = await input.ReadAsync(buffer, stop.Token);
                if (n == 0) return End.InputEnded;
                var escape = Array.IndexOf(buffer, Escape, 0, n);
                var count = escape < 0 ? n : escape;
                if (count > 0) await socket.SendAsync(buffer.AsMemory(0, count), WebSocketMessageType.Binary, true, stop.Token);
                if (escape >= 0) return End.Escape;
            }
        }, CancellationToken.None);

        var first = await Task.WhenAny(fromConsole, toConsole);
        var end = first == fromConsole ? End.ConsoleClosed : await toConsole;
        if (end == End.InputEnded)
            while (!fromConsole.IsCompleted && Environment.TickCount64 - Interlocked.Read(ref lastOutput) < Drain.TotalMilliseconds)
                await Task.WhenAny(fromConsole, Task.Delay(TimeSpan.FromMilliseconds(100), ct));
        await CloseAsync(socket);
        await stop.CancelAsync();
        await fromConsole;
        return end;
    }

    private static async Task CloseAsync(WebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "left", grace.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }
}
