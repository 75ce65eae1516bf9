using System.Net;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>Account B can neither see nor change anything of account A: every attempt is a 404, and A's things stay.</summary>
public sealed class TwoAccountTests : IAsyncLifetime
{
    private EcsServer _server = null!;

    public async Task InitializeAsync() => _server = await EcsServer.StartAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Neither_account_sees_or_changes_the_others_resources()
    {
        using var a = await _server.NewAccountAsync("alice");
        using var b = await _server.NewAccountAsync("bob");

        (await a.PostJsonAsync("sshkeys", new { label = "alice-key", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo alice@host" })).AssertOk();
        var keyId = (long)(await a.GetJsonAsync("sshkeys")).AssertOk()["pubkeys"]![0]!["id"]!;
        var group = (await a.PostJsonAsync("groups", new { notes = "alice group", password = "group-pass" })).AssertOk()["group"]!;
        var groupName = (string)group["name"]!;
        var groupId = (long)group["id"]!;
        var server = await a.CreateBootedServerAsync("alice server", group: groupName);
        var template = (await a.PostJsonAsync("templates", new { server, notes = "alice template" })).AssertOk();
        var templateName = (string)template["template"]!["name"]!;
        await a.WaitForActionAsync((long)template["action_id"]!);
        var actionId = (long)(await a.GetJsonAsync("actions")).AssertOk()["actions"]![0]!["id"]!;
        var apiKeyId = (long)(await a.GetJsonAsync("keys")).AssertOk().AsArray()[0]!["id"]!;

        // Lists: B sees nothing of A.
        Assert.Equal(0, (int)(await b.GetJsonAsync("servers")).AssertOk()["count"]!);
        Assert.Empty((await b.GetJsonAsync("actions")).AssertOk()["actions"]!.AsArray());
        Assert.Equal(0, (int)(await b.GetJsonAsync("actions")).AssertOk()["total_actions"]!);
        Assert.Empty((await b.GetJsonAsync("templates")).AssertOk()["templates"]!.AsArray());
        Assert.Empty((await b.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray());
        Assert.Empty((await b.GetJsonAsync("sshkeys")).AssertOk()["pubkeys"]!.AsArray());
        Assert.Single((await b.GetJsonAsync("keys")).AssertOk().AsArray()); // only B's own token
        Assert.DoesNotContain(server, (await b.GetJsonAsync("plans/availables")).AssertOk().ToJsonString());

        // Every endpoint that names one of A's resources answers B with a 404.
        var attempts = new (HttpMethod Method, string Path, object? Body)[]
        {
            (HttpMethod.Get, $"servers/{server}", null),
            (HttpMethod.Put, $"servers/{server}", new { notes = "hijacked" }),
            (HttpMethod.Delete, $"servers/{server}", null),
            (HttpMethod.Get, $"servers/{server}/status", null),
            (HttpMethod.Post, $"servers/{server}/actions", new { type = "power_off" }),
            (HttpMethod.Post, $"servers/{server}/actions", new { type = "console" }),
            (HttpMethod.Get, $"servers/{server}/metrics", null),
            (HttpMethod.Get, $"actions/{actionId}", null),
            (HttpMethod.Get, $"templates/{templateName}", null),
            (HttpMethod.Put, $"templates/{templateName}", new { notes = "hijacked" }),
            (HttpMethod.Delete, $"templates/{templateName}", null),
            (HttpMethod.Get, $"groups/{groupId}", null),
            (HttpMethod.Delete, $"groups/{groupId}", null),
            (HttpMethod.Get, $"sshkeys/{keyId}", null),
            (HttpMethod.Put, $"sshkeys/{keyId}", new { label = "hijacked" }),
            (HttpMethod.Delete, $"sshkeys/{keyId}", null),
            (HttpMethod.Put, $"keys/{apiKeyId}", new { notes = "hijacked" }),
            (HttpMethod.Delete, $"keys/{apiKeyId}", null),
        };
        foreach (var (method, path, body) in attempts)
            (await b.SendAsync(method, path, body)).AssertError(HttpStatusCode.NotFound);

        // A's ssh key label, group and template are unknown to B's creates.
        (await b.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2204", notes = "x", ssh_key = "alice-key" }))
            .AssertError(HttpStatusCode.BadRequest, "ssh key");
        (await b.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2204", notes = "x", group = groupName }))
            .AssertError(HttpStatusCode.BadRequest, "group");
        (await b.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = templateName, notes = "x" }))
            .AssertError(HttpStatusCode.BadRequest, "image");
        (await b.PostJsonAsync("templates", new { server })).AssertError(HttpStatusCode.BadRequest, "server");
        (await b.PutJsonAsync($"servers/{server}", new { group = groupName })).AssertError(HttpStatusCode.NotFound);

        // A's things are as they were.
        var mine = (await a.GetJsonAsync($"servers/{server}")).AssertOk()["server"]!;
        Assert.Equal("alice server", (string)mine["notes"]!);
        Assert.Equal("Booted", (string)mine["status"]!);
        Assert.Equal(groupName, (string)mine["group"]!);
        Assert.Equal("RUNNING", (string)(await a.GetJsonAsync($"servers/{server}/status")).AssertOk()["current_status"]!);
        Assert.Equal("alice-key", (string)(await a.GetJsonAsync($"sshkeys/{keyId}")).AssertOk()["pubkey"]!["label"]!);
        Assert.Equal("alice template", (string)(await a.GetJsonAsync($"templates/{templateName}")).AssertOk()["template"]!["notes"]!);
        Assert.Equal("Created", (string)(await a.GetJsonAsync($"templates/{templateName}")).AssertOk()["template"]!["status"]!);
        (await a.GetJsonAsync($"groups/{groupId}")).AssertOk();
        Assert.Single((await a.GetJsonAsync("keys")).AssertOk().AsArray());
        Assert.All((await a.GetJsonAsync("actions")).AssertOk()["actions"]!.AsArray(), x => Assert.Equal("alice", (string)x!["user"]!));

        // And the other way round: A cannot see B's server either.
        var bobs = await b.CreateBootedServerAsync("bob server");
        (await a.GetJsonAsync($"servers/{bobs}")).AssertError(HttpStatusCode.NotFound);
        (await a.DeleteJsonAsync($"servers/{bobs}")).AssertError(HttpStatusCode.NotFound);
        Assert.Equal(1, (int)(await a.GetJsonAsync("servers")).AssertOk()["count"]!);
    }
}
