using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>The whole life of a server on the manual clock: realistic durations, time moved by POST /_openecs/clock.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private EcsServer _server = null!;
    private HttpClient _api = null!;
    private HttpClient _emulator = null!;

    public async Task InitializeAsync()
    {
        _server = await EcsServer.StartAsync(speed: "manual");
        _api = _server.Client();
        _emulator = _server.Emulator();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task AdvanceAsync(double seconds) => _emulator.PostJsonAsync("clock", new { advance_seconds = seconds });

    private async Task<JsonNode> ActionAsync(long id) => (await _api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!;

    /// <summary>Moves the clock a second at a time until the action ends, recording the progress seen on the way.</summary>
    private async Task<List<int>> DriveAsync(long actionId, int maxSeconds)
    {
        var seen = new List<int>();
        for (var s = 0; s < maxSeconds; s++)
        {
            await AdvanceAsync(1);
            // Let the runner take the step that came due before the next tick (wall-clock wait; no timing is asserted).
            var action = await Http.EventuallyAsync(() => ActionAsync(actionId), _ => true, "action");
            await Task.Delay(30);
            action = await ActionAsync(actionId);
            var progress = (int)action["progress"]!;
            if (seen.Count == 0 || seen[^1] != progress) seen.Add(progress);
            if ((string)action["status"]! != "in-progress") return seen;
        }
        throw new Xunit.Sdk.XunitException($"action {actionId} did not end within {maxSeconds} simulated seconds; progress seen: {string.Join(",", seen)}");
    }

    [Fact]
    public async Task Server_goes_from_create_to_gone_through_its_actions()
    {
        var created = await _api.CreateServerAsync("lifecycle");
        var name = (string)created["server"]!["name"]!;
        var createId = (long)created["action_id"]!;
        Assert.Equal("Booting", (string)created["server"]!["status"]!);
        Assert.Equal(0, (int)created["server"]!["progress"]!);
        Assert.Equal("", (string)created["server"]!["ipv4"]!);
        Assert.False((bool)created["server"]!["active_flag"]!);

        var first = await ActionAsync(createId);
        Assert.Equal("in-progress", (string)first["status"]!);
        Assert.Equal("create_server", (string)first["type"]!);

        // Nothing moves while the clock stands still.
        await Task.Delay(200);
        Assert.Equal("Booting", (string)(await _api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["status"]!);

        var progress = await DriveAsync(createId, 40);
        Assert.True(progress.Count(p => p is > 0 and < 100) >= 2, $"progress should rise in steps, saw {string.Join(",", progress)}");
        Assert.Equal(progress.OrderBy(p => p), progress);
        Assert.Equal(100, progress[^1]);
        var done = await ActionAsync(createId);
        Assert.Equal("completed", (string)done["status"]!);
        Assert.NotNull((string?)done["completed_at"]);

        var booted = (await _api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;
        Assert.Equal("Booted", (string)booted["status"]!);
        Assert.True((bool)booted["active_flag"]!);
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", (string)booted["ipv4"]!);
        Assert.Equal("RUNNING", await CurrentStatusAsync(name));

        var off = (await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk();
        Assert.Equal("power_off", (string)off["type"]!);
        Assert.Equal("power_off", (string)off["action"]!["type"]!);
        await DriveAsync((long)off["id"]!, 10);
        Assert.Equal("SHUTOFF", await CurrentStatusAsync(name));
        var listed = (await _api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray().Single(s => (string)s!["name"]! == name)!;
        Assert.Equal("Booted", (string)listed["status"]!);

        var on = (await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk();
        await DriveAsync((long)on["id"]!, 10);
        Assert.Equal("RUNNING", await CurrentStatusAsync(name));

        var delete = (await _api.DeleteJsonAsync($"servers/{name}")).AssertOk();
        Assert.Equal("delete_server", (string)delete["action"]!["type"]!);
        Assert.Equal("in-progress", (string)delete["action"]!["status"]!);
        var deleting = (await _api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray().Single(s => (string)s!["name"]! == name)!;
        Assert.Equal("Deleting", (string)deleting["status"]!);
        await DriveAsync((long)delete["action"]!["id"]!, 20);

        var after = (await _api.GetJsonAsync("servers")).AssertOk();
        Assert.DoesNotContain(after["server"]!.AsArray(), s => (string)s!["name"]! == name);
        Assert.Equal(0, (int)after["count"]!);
        (await _api.GetJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);
        (await _api.DeleteJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);

        var actions = (await _api.GetJsonAsync($"actions?resource={name}")).AssertOk();
        Assert.Equal(4, (int)actions["total_actions"]!);
        Assert.All(actions["actions"]!.AsArray(), a => Assert.Equal("completed", (string)a!["status"]!));
        Assert.Equal(["delete_server", "power_on", "power_off", "create_server"], actions["actions"]!.AsArray().Select(a => (string)a!["type"]!));
    }

    private async Task<string> CurrentStatusAsync(string name)
    {
        var status = (await _api.GetJsonAsync($"servers/{name}/status")).AssertOk();
        Assert.Equal((string)status["current_status"]!, (string)status["server"]!["current_status"]!);
        Assert.Equal(name, (string)status["server"]!["name"]!);
        return (string)status["current_status"]!;
    }

    [Fact]
    public async Task Metrics_are_sampled_every_step_on_the_clock()
    {
        var created = await _api.CreateServerAsync("metrics");
        var name = (string)created["server"]!["name"]!;
        await DriveAsync((long)created["action_id"]!, 40);

        for (var i = 0; i < 4; i++)
        {
            await AdvanceAsync(300);
            var expected = i + 1;
            await Http.EventuallyAsync(async () => (await _api.GetJsonAsync($"servers/{name}/metrics")).AssertOk(),
                m => m["metrics"]!["core"]!.AsArray().Count >= expected, $"{expected} samples");
        }
        var metrics = (await _api.GetJsonAsync($"servers/{name}/metrics")).AssertOk()["metrics"]!;
        Assert.Equal(name, (string)metrics["resource"]!);
        var core = metrics["core"]!.AsArray();
        Assert.Equal(4, core.Count);
        foreach (var point in core)
        {
            Assert.Equal(2, point!.AsArray().Count);
            Assert.True(point[0]!.GetValue<double>() > 1_500_000_000);
            Assert.True(double.Parse((string)point[1]!, System.Globalization.CultureInfo.InvariantCulture) >= 0);
        }
        var times = core.Select(p => p![0]!.GetValue<double>()).ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(300, pair.Second - pair.First, 3));
        Assert.Equal(4, metrics["disk"]!["reads"]!.AsArray().Count);
        Assert.Equal(4, metrics["network"]!["transmitted"]!.AsArray().Count);

        var ty = (await _api.GetJsonAsync($"servers/{name}/metrics?format=ty")).AssertOk()["metrics"]!["core"]!.AsArray();
        Assert.Equal(4, ty.Count);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", (string)ty[0]!["t"]!);
        Assert.Matches(@"^\d+\.\d\d$", (string)ty[0]!["y"]!);

        // Deterministic: the same server and instant give the same sample.
        var again = (await _api.GetJsonAsync($"servers/{name}/metrics")).AssertOk()["metrics"]!["core"]!.AsArray();
        Assert.Equal(core.ToJsonString(), again.ToJsonString());

        // A window before the samples is empty; a bad window is a 400.
        var empty = (await _api.GetJsonAsync($"servers/{name}/metrics?start=2001-01-01T00:00:00Z&end=2001-01-01T01:00:00Z")).AssertOk();
        Assert.Empty(empty["metrics"]!["core"]!.AsArray());
        (await _api.GetJsonAsync($"servers/{name}/metrics?start=yesterday")).AssertError(HttpStatusCode.BadRequest, "start");
        (await _api.GetJsonAsync($"servers/{name}/metrics?start=2025-02-02T00:00:00Z&end=2025-02-01T00:00:00Z")).AssertError(HttpStatusCode.BadRequest);
        (await _api.GetJsonAsync($"servers/{name}/metrics?format=csv")).AssertError(HttpStatusCode.BadRequest, "format");
        (await _api.GetJsonAsync("servers/ec299999/metrics")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Clock_moves_only_forward_and_only_by_the_admin()
    {
        (await _emulator.PostJsonAsync("clock", new { })).AssertError(HttpStatusCode.BadRequest);
        (await _emulator.PostJsonAsync("clock", new { advance_seconds = -5 })).AssertError(HttpStatusCode.BadRequest);
        (await _emulator.PostJsonAsync("clock", new { set_to = "2001-01-01T00:00:00Z" })).AssertError(HttpStatusCode.BadRequest, "past");
        var before = (await _emulator.GetJsonAsync("clock")).AssertOk();
        var after = (await _emulator.PostJsonAsync("clock", new { advance_seconds = 3600 })).AssertOk();
        Assert.Equal(3600, (DateTimeOffset.Parse((string)after["now"]!) - DateTimeOffset.Parse((string)before["now"]!)).TotalSeconds, 0);
        using var user = await _server.NewAccountAsync("clockuser");
        using var userEmulator = new HttpClient { BaseAddress = _emulator.BaseAddress };
        userEmulator.DefaultRequestHeaders.Add("X-APITOKEN", user.DefaultRequestHeaders.GetValues("X-APITOKEN").Single());
        Assert.Equal(HttpStatusCode.Forbidden, (await userEmulator.PostJsonAsync("clock", new { advance_seconds = 1 })).Status);
    }
}
