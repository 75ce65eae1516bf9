using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Cloud servers (<c>/servers</c>). A server is named by its <c>name</c>, e.g. <c>ec200123</c>.</summary>
public sealed class ServersClient
{
    private readonly EcsClient _client;

    internal ServersClient(EcsClient client) => _client = client;

    /// <summary>The account's servers (<c>GET /servers</c>).</summary>
    public async Task<IReadOnlyList<Server>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "servers", EcsJsonContext.Wire.ServerListEnvelope, ct: cancellationToken)).Server ?? [];

    /// <summary>One server (<c>GET /servers/{name}</c>); <see cref="EcsNotFoundException"/> if there is none.</summary>
    public async Task<Server> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, $"servers/{EcsClient.Segment(name)}", EcsJsonContext.Wire.ServerEnvelope, ct: cancellationToken)).Server
        ?? throw EcsClient.Missing("server", "GET /servers/{name}");

    /// <summary>
    /// Creates a server (<c>POST /servers</c>). It answers at once with the server <c>Booting</c> and the id of the
    /// <c>create_server</c> action: pass it to <see cref="EcsClient.WaitForActionAsync"/>. Not retried on 429/503.
    /// </summary>
    public async Task<ServerCreated> CreateAsync(CreateServerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await _client.SendAsync(HttpMethod.Post, "servers", EcsJsonContext.Wire.ServerCreated,
            Body.Of(request, EcsJsonContext.Wire.CreateServerRequest), ct: cancellationToken);
    }

    /// <summary>
    /// Changes a server's notes and/or group (<c>PUT /servers/{name}</c>); null leaves a field as it is, group
    /// <c>"nogroup"</c> takes the server out of its group.
    /// </summary>
    public async Task UpdateAsync(string name, string? notes = null, string? group = null, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Put, $"servers/{EcsClient.Segment(name)}", EcsJsonContext.Wire.StatusEnvelope,
            Body.Of(new UpdateServerBody(notes, group), EcsJsonContext.Wire.UpdateServerBody), ct: cancellationToken);

    /// <summary>Deletes a server (<c>DELETE /servers/{name}</c>); returns the <c>delete_server</c> action.</summary>
    public async Task<EcsAction> DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Delete, $"servers/{EcsClient.Segment(name)}", EcsJsonContext.Wire.ActionEnvelope, ct: cancellationToken)).Action
        ?? throw EcsClient.Missing("action", "DELETE /servers/{name}");

    /// <summary>The observed power state, <c>RUNNING</c> or <c>SHUTOFF</c> (<c>GET /servers/{name}/status</c>).</summary>
    public async Task<ServerPowerStatus> GetStatusAsync(string name, CancellationToken cancellationToken = default)
    {
        var answer = await _client.SendAsync(HttpMethod.Get, $"servers/{EcsClient.Segment(name)}/status", EcsJsonContext.Wire.PowerStatusEnvelope, ct: cancellationToken);
        // The seed answers flat, the real service nested: either will do.
        var state = answer.Server?.CurrentStatus ?? answer.CurrentStatus ?? throw EcsClient.Missing("current_status", "GET /servers/{name}/status");
        return new ServerPowerStatus(answer.Server?.Name ?? answer.Name ?? name, state);
    }

    /// <summary>Powers a server on; returns the <c>power_on</c> action.</summary>
    public async Task<EcsAction> PowerOnAsync(string name, CancellationToken cancellationToken = default) =>
        (await ActAsync(name, ActionType.PowerOn, cancellationToken)).Action;

    /// <summary>Powers a server off; returns the <c>power_off</c> action.</summary>
    public async Task<EcsAction> PowerOffAsync(string name, CancellationToken cancellationToken = default) =>
        (await ActAsync(name, ActionType.PowerOff, cancellationToken)).Action;

    /// <summary>
    /// Asks for a serial-console key: valid once, for a short while (60 s on OpenECS). Open it with
    /// <see cref="ConnectConsoleAsync(ConsoleAccess, CancellationToken)"/>.
    /// </summary>
    public async Task<ConsoleAccess> RequestConsoleAsync(string name, CancellationToken cancellationToken = default)
    {
        var (action, answer) = await ActAsync(name, ActionType.Console, cancellationToken);
        return new ConsoleAccess(answer.ConsoleKey ?? throw EcsClient.Missing("console_key", "the console action"), answer.ConsoleUrl, action);
    }

    /// <summary>
    /// Opens the serial console as a websocket: bytes from the server's console arrive as binary frames, and what
    /// you send is typed into it. Uses the answer's <c>console_url</c>, or OpenECS's address for the key.
    /// </summary>
    public Task<WebSocket> ConnectConsoleAsync(ConsoleAccess access, CancellationToken cancellationToken = default) =>
        ConnectConsoleAsync(access, configure: null, cancellationToken);

    /// <summary>
    /// Opens the serial console as <see cref="ConnectConsoleAsync(ConsoleAccess, CancellationToken)"/> does, with the
    /// socket's options set by <paramref name="configure"/> first (headers such as <c>X-Forwarded-For</c>, a proxy,
    /// the buffer sizes).
    /// </summary>
    public async Task<WebSocket> ConnectConsoleAsync(ConsoleAccess access, Action<ClientWebSocketOptions>? configure,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        var url = access.ConsoleUrl is { Length: > 0 } given
            ? new Uri(given)
            : new UriBuilder(new Uri(_client.BaseUrl, $"console/{EcsClient.Segment(access.ConsoleKey)}"))
                { Scheme = _client.BaseUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The stored CPU, disk and network samples between <paramref name="start"/> and <paramref name="end"/>
    /// (default: the last hour) (<c>GET /servers/{name}/metrics</c>).
    /// </summary>
    public async Task<ServerMetrics> GetMetricsAsync(string name, DateTimeOffset? start = null, DateTimeOffset? end = null,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string>();
        if (start is { } s) query.Add("start=" + Uri.EscapeDataString(s.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        if (end is { } e) query.Add("end=" + Uri.EscapeDataString(e.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));
        var path = $"servers/{EcsClient.Segment(name)}/metrics" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return (await _client.SendAsync(HttpMethod.Get, path, EcsJsonContext.Wire.MetricsEnvelope, ct: cancellationToken)).Metrics
            ?? throw EcsClient.Missing("metrics", "GET /servers/{name}/metrics");
    }

    /// <summary>
    /// POST /servers/{name}/actions. The answer carries the action under "action" (the seed), at the top level (the
    /// real service), or both (OpenECS).
    /// </summary>
    private async Task<(EcsAction Action, ServerActionEnvelope Answer)> ActAsync(string name, string type, CancellationToken ct)
    {
        var path = $"servers/{EcsClient.Segment(name)}/actions";
        var body = Body.Of(new ServerActionBody(type), EcsJsonContext.Wire.ServerActionBody);
        var raw = await _client.SendAsync(HttpMethod.Post, path, EcsJsonContext.Wire.JsonElement, body, ct: ct);
        var answer = raw.Deserialize(EcsJsonContext.Wire.ServerActionEnvelope)!;
        var action = answer.Action ?? raw.Deserialize(EcsJsonContext.Wire.EcsAction)!;
        if (action.Id == 0) throw EcsClient.Missing("action", $"POST {path}");
        return (action, answer);
    }
}
