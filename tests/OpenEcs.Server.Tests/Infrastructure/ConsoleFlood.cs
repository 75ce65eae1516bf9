using System.Net.WebSockets;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>A console client that types without reading.</summary>
public static class ConsoleFlood
{
    /// <summary>
    /// Sends lines of 63 characters (echoed and answered, as a shell does) and reads nothing, until <paramref name="total"/>
    /// bytes went or sends stopped going through for 3 s (back-pressure); then runs <paramref name="whileHeld"/> with the
    /// flood still pending, and aborts it.
    /// </summary>
    public static async Task<long> SendAsync(WebSocket socket, int total, Func<Task> whileHeld)
    {
        using var abort = new CancellationTokenSource();
        long sent = 0;
        var chunk = new byte[64 * 1024];
        for (var i = 0; i < chunk.Length; i++) chunk[i] = i % 64 == 63 ? (byte)'\r' : (byte)'y';
        var flood = Task.Run(async () =>
        {
            while (Interlocked.Read(ref sent) < total)
            {
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, true, abort.Token);
                Interlocked.Add(ref sent, chunk.Length);
            }
        });
        long last = -1;
        while (!flood.IsCompleted && Interlocked.Read(ref sent) != last)
        {
            last = Interlocked.Read(ref sent);
            await Task.WhenAny(flood, Task.Delay(TimeSpan.FromSeconds(3)));
        }
        await whileHeld();
        await abort.CancelAsync();
        try { await flood; } catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        return Interlocked.Read(ref sent);
    }
}
