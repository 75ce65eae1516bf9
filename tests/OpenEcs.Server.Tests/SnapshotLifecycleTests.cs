using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Endpoints;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>
/// Snapshots, rollbacks and user scripts on the manual clock: realistic durations, each in its server's queue, with the
/// states in between (Creating, restoring, Customizing) seen as a client polling would see them.
/// </summary>
public sealed class SnapshotLifecycleTests : IAsyncLifetime
{
    private EcsServer _server = null!;
    private HttpClient _api = null!;
    private ManualClock _clock = null!;

    public async Task InitializeAsync()
    {
        _server = await EcsServer.StartAsync(speed: "manual");
        _api = _server.Client();
        _clock = new ManualClock(_server);
    }

    public async Task DisposeAsync()
    {
        _clock.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<JsonNode> ServerAsync(string name) => (await _api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;

    private async Task<string> BootedServerAsync(string notes, string? script = null)
    {
        var body = new JsonObject { ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "ubuntu-2204", ["notes"] = notes };
        if (script is not null) body["user_customize"] = script;
        var created = (await _api.PostJsonAsync("servers", body)).AssertOk();
        await _clock.DriveAsync((long)created["action_id"]!, 40);
        return (string)created["server"]!["name"]!;
    }

    [Fact]
    public async Task A_snapshot_waits_for_the_power_off_ahead_then_takes_its_time()
    {
        var name = await BootedServerAsync("snap");
        // Back to back, as clients send them: the snapshot queues behind the power-off.
        var off = (await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        var created = (await _api.PostJsonAsync($"servers/{name}/snapshots", new { description = "after off" })).AssertOk();
        var snapshotAction = (long)created["action"]!["id"]!;
        await Task.Delay(200);
        Assert.Equal(0, (int)(await _clock.ActionAsync(snapshotAction))["progress"]!);
        await _clock.DriveAsync((long)off["id"]!, 10);
        Assert.Equal("in-progress", (string)(await _clock.ActionAsync(snapshotAction))["status"]!);

        var progress = await _clock.DriveAsync(snapshotAction, 60);
        Assert.True(progress.Count(p => p is > 0 and < 100) >= 2, $"progress should rise in steps, saw {string.Join(",", progress)}");
        Assert.Equal(progress.Order(), progress);
        Assert.Equal("completed", (string)(await _clock.ActionAsync(snapshotAction))["status"]!);
        var snapshot = SnapshotsEndpointTests.AssertSnapshot((await _api.GetJsonAsync($"servers/{name}/snapshots/{created["snapshot"]!["id"]}")).AssertOk()["snapshot"]);
        Assert.Equal("CD", (string)snapshot["status"]!);
        // A snapshot of a stopped server leaves it stopped.
        Assert.Equal("SHUTOFF", (string)(await _api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);
    }

    [Fact]
    public async Task A_rollback_takes_minutes_with_the_snapshot_restoring_and_the_server_running_again()
    {
        var name = await BootedServerAsync("rollback");
        var created = (await _api.PostJsonAsync($"servers/{name}/snapshots", new { description = "base" })).AssertOk();
        await _clock.DriveAsync((long)created["action"]!["id"]!, 60);
        var id = (long)created["snapshot"]!["id"]!;

        var rollback = (await _api.PostJsonAsync($"servers/{name}/actions", new { type = "rollback", snapshot = id })).AssertOk();
        var restoring = (await _api.GetJsonAsync($"servers/{name}/snapshots/{id}")).AssertOk()["snapshot"]!;
        Assert.True((bool)restoring["restoring"]!);
        Assert.False((bool)restoring["is_last_restored"]!);
        await _clock.AdvanceAsync(30);
        await Task.Delay(100);
        Assert.Equal("in-progress", (string)(await _clock.ActionAsync((long)rollback["id"]!))["status"]!);
        var progress = await _clock.DriveAsync((long)rollback["id"]!, 150);
        Assert.Equal(100, progress[^1]);
        var snapshot = (await _api.GetJsonAsync($"servers/{name}/snapshots/{id}")).AssertOk()["snapshot"]!;
        Assert.False((bool)snapshot["restoring"]!);
        Assert.True((bool)snapshot["is_last_restored"]!);
        Assert.Equal(id, (long)(await ServerAsync(name))["last_restored_snapshot"]!["id"]!);
        Assert.Equal("RUNNING", (string)(await _api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);

        // Taken after the rollback, a snapshot descends from the restored one.
        var second = (await _api.PostJsonAsync($"servers/{name}/snapshots", new { description = "later" })).AssertOk();
        await _clock.DriveAsync((long)second["action"]!["id"]!, 60);
        var later = (await _api.GetJsonAsync($"servers/{name}/snapshots/{second["snapshot"]!["id"]}")).AssertOk()["snapshot"]!;
        Assert.Equal(id, (long)later["snapshot_parent"]!["id"]!);
    }

    [Fact]
    public async Task A_server_is_customizing_while_its_script_runs_and_booted_after()
    {
        var created = (await _api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2204", notes = "script",
            user_customize = "#!/bin/bash\necho \"my script\" > /root/out.txt" })).AssertOk();
        var name = (string)created["server"]!["name"]!;
        var createId = (long)created["action_id"]!;
        await _clock.DriveAsync(createId, 40);
        // The create is done when the guest is up; the script runs on.
        Assert.Equal("completed", (string)(await _clock.ActionAsync(createId))["status"]!);
        var customizing = await ServerAsync(name);
        Assert.Equal("Customizing", (string)customizing["status"]!);
        Assert.True((bool)customizing["active_flag"]!);
        Assert.Equal("RUNNING", (string)(await _api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!);
        Assert.Null((await _clock.ActionAsync(createId))["message"]);

        await _clock.AdvanceUntilAsync(() => ServerAsync(name), s => (string)s["status"]! == "Booted", "the script's end", 60);
        Assert.Equal("user script exited 0", (string)(await Http.EventuallyAsync(() => _clock.ActionAsync(createId),
            a => a["message"] is not null, "the script's end on the create action"))["message"]!);
    }
}
