using System.Net.WebSockets;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>
/// 20 MB typed into a console by a client that never reads: the console's buffers are bounded, so the client is held
/// back (its sends stop) and the server's heap stays where it was. Measured on a separate server process.
/// </summary>
[Collection(Serial.Name)]
public sealed class ConsoleFloodTests(ITestOutputHelper output)
{
    private const int FloodBytes = 20 * 1024 * 1024;
    private const long MaxGrowth = 64L * 1024 * 1024;

    [Fact]
    public async Task Twenty_megabytes_typed_without_reading_leave_the_heap_bounded()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var server = await ServerProcess.StartAsync(database, "instant");
        using var api = server.Client();
        using var emulator = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "/_openecs/") };
        emulator.DefaultRequestHeaders.Add("X-APITOKEN", EcsServer.AdminToken);
        var name = await api.CreateBootedServerAsync("flooded");
        var key = (string)(await api.PostJsonAsync($"servers/{name}/actions", new { type = "console" })).AssertOk()["console_key"]!;
        var before = await ManagedBytesAsync(emulator);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/{key}"), CancellationToken.None);
        long after = 0;
        var sent = await ConsoleFlood.SendAsync(socket, FloodBytes, async () => after = await ManagedBytesAsync(emulator));
        output.WriteLine($"sent {sent / 1048576.0:0.0} MB of {FloodBytes / 1048576} MB; managed heap {before / 1048576.0:0.0} MB before, {after / 1048576.0:0.0} MB after");
        Assert.True(after - before < MaxGrowth, $"the heap grew by {(after - before) / 1048576.0:0.0} MB");
        // The server is still well.
        (await api.GetJsonAsync("servers")).AssertOk();
    }

    private static async Task<long> ManagedBytesAsync(HttpClient emulator) =>
        (long)(await emulator.PostJsonAsync("memory")).AssertOk()["managed_bytes"]!;
}
