using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenEcs.Server.Tests.Infrastructure;

public static class Http
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw) request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        else if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body)> GetJsonAsync(this HttpClient c, string path) => c.SendAsync(HttpMethod.Get, path);
    public static Task<(HttpStatusCode Status, JsonNode? Body)> PostJsonAsync(this HttpClient c, string path, object? body = null) => c.SendAsync(HttpMethod.Post, path, body);
    public static Task<(HttpStatusCode Status, JsonNode? Body)> PutJsonAsync(this HttpClient c, string path, object? body = null) => c.SendAsync(HttpMethod.Put, path, body);
    public static Task<(HttpStatusCode Status, JsonNode? Body)> DeleteJsonAsync(this HttpClient c, string path) => c.SendAsync(HttpMethod.Delete, path);

    /// <summary>Asserts a response is an error in the contract's shape: {status: word, error_code: int, message: string}.</summary>
    public static void AssertError(this (HttpStatusCode Status, JsonNode? Body) response, HttpStatusCode expected, string? messagePart = null)
    {
        Assert.True(expected == response.Status, $"expected {(int)expected}, got {(int)response.Status}: {response.Body?.ToJsonString()}");
        var body = Assert.IsType<JsonObject>(response.Body);
        Assert.Equal((int)expected, (int)body["error_code"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)body["status"]));
        Assert.NotEqual("ok", (string?)body["status"]);
        var message = (string?)body["message"];
        Assert.False(string.IsNullOrWhiteSpace(message));
        if (messagePart is not null) Assert.Contains(messagePart, message, StringComparison.OrdinalIgnoreCase);
    }

    public static JsonNode AssertOk(this (HttpStatusCode Status, JsonNode? Body) response)
    {
        Assert.True(response.Status == HttpStatusCode.OK, $"expected 200, got {(int)response.Status}: {response.Body?.ToJsonString()}");
        return response.Body!;
    }

    /// <summary>Polls until the condition holds (the runner works in the background); fails after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int timeoutMs = 15000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T last;
        do
        {
            last = await probe();
            if (done(last)) return last;
            await Task.Delay(20);
        } while (DateTime.UtcNow < deadline);
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last seen: {last}");
    }

    public static async Task<JsonNode> CreateServerAsync(this HttpClient client, string notes = "test server", string plan = "ECS1",
        string location = "it-fr2", string image = "ubuntu-2204", string? sshKey = null, string? group = null)
    {
        var body = new JsonObject { ["plan"] = plan, ["location"] = location, ["image"] = image, ["notes"] = notes };
        if (sshKey is not null) body["ssh_key"] = sshKey;
        if (group is not null) body["group"] = group;
        return (await client.PostJsonAsync("servers", body)).AssertOk();
    }

    /// <summary>Creates a server and waits until its create action has completed (instant speed).</summary>
    public static async Task<string> CreateBootedServerAsync(this HttpClient client, string notes = "test server", string? group = null)
    {
        var created = await client.CreateServerAsync(notes, group: group);
        var name = (string)created["server"]!["name"]!;
        await client.WaitForActionAsync((long)created["action_id"]!);
        return name;
    }

    public static async Task<JsonNode> WaitForActionAsync(this HttpClient client, long id, string status = "completed")
    {
        var action = await EventuallyAsync(async () => (await client.GetJsonAsync($"actions/{id}")).Body!["action"]!,
            a => (string?)a["status"] != "in-progress", $"action {id}");
        Assert.Equal(status, (string)action["status"]!);
        return action;
    }
}
