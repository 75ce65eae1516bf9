using System.Net;
using System.Net.WebSockets;
using System.Text;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>
/// Consoles are capped (per account, per server, in all), time out when idle, and close when their server is deleted
/// or powered off; console_url never echoes a Host header it was not told to trust.
/// </summary>
public sealed class ConsoleLimitsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Consoles_are_capped_per_server_and_per_account_with_a_clear_refusal()
    {
        await using var server = await EcsServer.StartAsync(settings: ["OpenEcs:Consoles:MaxPerServer=2", "OpenEcs:Consoles:MaxPerAccount=3"]);
        using var api = await server.NewAccountAsync("many");
        using var neighbour = await server.NewAccountAsync("neighbour");
        var one = await api.CreateBootedServerAsync("one");
        var two = await api.CreateBootedServerAsync("two");
        var keys = new[] { await KeyAsync(api, one), await KeyAsync(api, one), await KeyAsync(api, one) };
        using var a = await OpenAsync(server, keys[0]);
        using var b = await OpenAsync(server, keys[1]);
        // The third of one server: refused at the handshake, and a new key is refused in JSON.
        await AssertRefusedAsync(server, keys[2], HttpStatusCode.TooManyRequests);
        (await api.PostJsonAsync($"servers/{one}/actions", new { type = "console" })).AssertError(HttpStatusCode.TooManyRequests, "MaxPerServer");
        using var c = await OpenAsync(server, await KeyAsync(api, two));
        // Three open for the account: the fourth is refused whatever its server.
        (await api.PostJsonAsync($"servers/{two}/actions", new { type = "console" })).AssertError(HttpStatusCode.TooManyRequests, "MaxPerAccount");
        // Another account's consoles are its own.
        var theirs = await neighbour.CreateBootedServerAsync("theirs");
        using var d = await OpenAsync(server, await KeyAsync(neighbour, theirs));

        // Closing one frees its place (the key refused above was never claimed: it opens now).
        await a.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        using var e = await Http.EventuallyAsync<ClientWebSocket?>(async () =>
        {
            try { return await OpenAsync(server, keys[2]); }
            catch (WebSocketException) { return null; }
        }, s => s is not null, "a console place to free up", 10_000);
    }

    [Fact]
    public async Task A_console_closes_when_its_server_is_deleted_or_powered_off()
    {
        await using var server = await EcsServer.StartAsync();
        using var api = await server.NewAccountAsync("closer");
        var name = await api.CreateBootedServerAsync("power");
        using (var console = await OpenAsync(server, await KeyAsync(api, name)))
        {
            var off = (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
            await api.WaitForActionAsync((long)off["id"]!);
            Assert.Contains("powered off", await ClosedWithAsync(console));
        }
        (await api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
        await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"servers/{name}/status")).AssertOk(),
            s => (string)s["current_status"]! == "RUNNING", "power on");
        using (var console = await OpenAsync(server, await KeyAsync(api, name)))
        {
            var delete = (await api.DeleteJsonAsync($"servers/{name}")).AssertOk();
            Assert.Contains("deleted", await ClosedWithAsync(console));
            await api.WaitForActionAsync((long)delete["action"]!["id"]!);
        }
    }

    [Fact]
    public async Task An_idle_console_is_closed_on_the_servers_clock()
    {
        await using var server = await EcsServer.StartAsync("manual", "OpenEcs:Consoles:IdleTimeout=00:10:00");
        using var api = await server.NewAccountAsync("idler");
        using var emulator = server.Emulator();
        var created = await api.CreateServerAsync("idle");
        // The create's simulated 10 to 30 s count from when the runner takes it up: move the clock until it is done.
        await Http.EventuallyAsync(async () =>
        {
            (await emulator.PostJsonAsync("clock", new { advance_seconds = 5 })).AssertOk();
            return (string)(await api.GetJsonAsync($"actions/{created["action_id"]}")).AssertOk()["action"]!["status"]!;
        }, status => status == "completed", "the create on the manual clock");
        using var console = await OpenAsync(server, await KeyAsync(api, (string)created["server"]!["name"]!));
        await ReadUntilAsync(console, "# ");
        (await emulator.PostJsonAsync("clock", new { advance_seconds = 9 * 60 })).AssertOk();
        // Typing counts as use: the ten minutes start again.
        await console.SendAsync("echo still here\r"u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
        await ReadUntilAsync(console, "still here\r\n");
        (await emulator.PostJsonAsync("clock", new { advance_seconds = 9 * 60 })).AssertOk();
        await Task.Delay(TimeSpan.FromSeconds(3)); // a sweep of the console watch passes: nothing is closed yet
        Assert.Equal(WebSocketState.Open, console.State);
        (await emulator.PostJsonAsync("clock", new { advance_seconds = 2 * 60 })).AssertOk();
        Assert.Contains("without input or output", await ClosedWithAsync(console));
    }

    [Fact]
    public async Task Console_url_comes_from_the_public_url_or_an_allowed_host_never_from_any_host_header()
    {
        await using (var server = await EcsServer.StartAsync())
        {
            using var api = await server.NewAccountAsync("urls");
            var name = await api.CreateBootedServerAsync("url");
            var url = await ConsoleUrlAsync(api, name, "attacker.example");
            Assert.StartsWith($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/", url);
        }
        await using (var server = await EcsServer.StartAsync(settings: ["OpenEcs:PublicUrl=https://ecs.example.com/cloud/"]))
        {
            using var api = await server.NewAccountAsync("public");
            var name = await api.CreateBootedServerAsync("url");
            Assert.StartsWith("wss://ecs.example.com/cloud/ecs/v2/console/", await ConsoleUrlAsync(api, name, "attacker.example"));
        }
        await using (var server = await EcsServer.StartAsync(settings: ["OpenEcs:AllowedHosts=ecs.local;*.example.org"]))
        {
            using var api = await server.NewAccountAsync("allowed");
            var name = await api.CreateBootedServerAsync("url");
            Assert.StartsWith("ws://ecs.local:8443/ecs/v2/console/", await ConsoleUrlAsync(api, name, "ecs.local:8443"));
            Assert.StartsWith("ws://api.example.org/ecs/v2/console/", await ConsoleUrlAsync(api, name, "api.example.org"));
            Assert.StartsWith($"ws://127.0.0.1:{server.BaseAddress.Port}/", await ConsoleUrlAsync(api, name, "attacker.example"));
        }
    }

    private static async Task<string> ConsoleUrlAsync(HttpClient api, string server, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"servers/{server}/actions") { Content = System.Net.Http.Json.JsonContent.Create(new { type = "console" }) };
        request.Headers.Host = host;
        using var response = await api.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return (string)body["console_url"]!;
    }

    public static async Task<string> KeyAsync(HttpClient api, string server) =>
        (string)(await api.PostJsonAsync($"servers/{server}/actions", new { type = "console" })).AssertOk()["console_key"]!;

    public static async Task<ClientWebSocket> OpenAsync(EcsServer server, string key)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/{key}"), timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return socket;
    }

    private static async Task AssertRefusedAsync(EcsServer server, string key, HttpStatusCode expected)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(Patience);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.BaseAddress.Port}/ecs/v2/console/{key}"), timeout.Token));
        Assert.Equal(expected, socket.HttpStatusCode);
    }

    private static async Task ReadUntilAsync(WebSocket socket, string expected)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var seen = new StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(expected, StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) throw new Xunit.Sdk.XunitException($"closed before '{expected}': {result.CloseStatusDescription}");
            seen.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
    }

    /// <summary>Reads until the server's close frame and answers it; returns the frame's reason.</summary>
    private static async Task<string> ClosedWithAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[4096];
        WebSocketReceiveResult result;
        do result = await socket.ReceiveAsync(buffer, timeout.Token);
        while (result.MessageType != WebSocketMessageType.Close);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
        return result.CloseStatusDescription ?? "";
    }
}
