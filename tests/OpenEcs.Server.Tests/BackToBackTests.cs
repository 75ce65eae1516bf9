using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests;

/// <summary>
/// Actions as real clients send them, one right after the other, on realistic durations driven by the manual clock:
/// a queue per server, never a refusal because the server is busy, and a delete that wins over everything.
/// </summary>
public sealed class BackToBackTests : IAsyncLifetime
{
    private EcsServer _server = null!;
    private HttpClient _api = null!;
    private HttpClient _emulator = null!;

    public async Task InitializeAsync()
    {
        _server = await EcsServer.StartAsync(speed: "manual", "OpenEcs:Actions:Deadlines:power_off=00:02:00");
        _api = _server.Client();
        _emulator = _server.Emulator();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Task AdvanceAsync(double seconds) => _emulator.PostJsonAsync("clock", new { advance_seconds = seconds });

    private async Task<JsonNode> ActionAsync(long id) => (await _api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!;

    /// <summary>Moves the clock a second at a time until every given action has ended; returns them as they ended.</summary>
    private async Task<List<JsonNode>> DriveAsync(int maxSeconds, params long[] ids)
    {
        for (var s = 0; s <= maxSeconds; s++)
        {
            // Let the runner take the steps that came due (wall-clock wait; no timing is asserted).
            await Task.Delay(40);
            var actions = new List<JsonNode>();
            foreach (var id in ids) actions.Add(await ActionAsync(id));
            if (actions.All(a => (string)a["status"]! != "in-progress")) return actions;
            await AdvanceAsync(1);
        }
        throw new Xunit.Sdk.XunitException($"actions {string.Join(",", ids)} did not end within {maxSeconds} simulated seconds");
    }

    /// <summary>Moves the clock a second at a time until the action is seen in the state wanted.</summary>
    private async Task AdvanceUntilAsync(long id, Func<JsonNode, bool> state, int maxSeconds = 30)
    {
        for (var s = 0; s <= maxSeconds; s++)
        {
            await Task.Delay(40);
            if (state(await ActionAsync(id))) return;
            await AdvanceAsync(1);
        }
        throw new Xunit.Sdk.XunitException($"action {id} did not reach the state wanted within {maxSeconds} simulated seconds");
    }

    private async Task<string> BootedServerAsync(string notes)
    {
        var created = await _api.CreateServerAsync(notes);
        await DriveAsync(40, (long)created["action_id"]!);
        return (string)created["server"]!["name"]!;
    }

    private async Task<string> CurrentStatusAsync(string name) =>
        (string)(await _api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!;

    private async Task<bool> IsListedAsync(string name) =>
        (await _api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray().Any(s => (string)s!["name"]! == name);

    [Fact]
    public async Task A_repeat_delete_answers_the_same_action_until_the_server_is_gone()
    {
        var name = await BootedServerAsync("sky-node-1");
        var first = Wire.AssertAction((await _api.DeleteJsonAsync($"servers/{name}")).AssertEnvelope("action:object")["action"], "delete_server", name);
        var second = Wire.AssertAction((await _api.DeleteJsonAsync($"servers/{name}")).AssertEnvelope("action:object")["action"], "delete_server", name);
        Assert.Equal((long)first["id"]!, (long)second["id"]!);

        // GET, status and DELETE agree that a server being deleted exists.
        Assert.Equal("Deleting", (string)(await _api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["status"]!);
        (await _api.GetJsonAsync($"servers/{name}/status")).AssertOk();
        Assert.True(await IsListedAsync(name));

        var done = (await DriveAsync(30, (long)first["id"]!)).Single();
        Assert.Equal("completed", (string)done["status"]!);
        Assert.False(await IsListedAsync(name));
        (await _api.DeleteJsonAsync($"servers/{name}")).AssertError(HttpStatusCode.NotFound);
        var deletes = (await _api.GetJsonAsync($"actions?resource={name}")).AssertOk()["actions"]!.AsArray()
            .Count(a => (string)a!["type"]! == "delete_server");
        Assert.Equal(1, deletes);
    }

    [Fact]
    public async Task Power_off_and_on_sent_at_once_are_both_taken_and_run_in_order()
    {
        var name = await BootedServerAsync("flip");
        var off = Wire.AssertAction((await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk(), "power_off", name);
        var on = Wire.AssertAction((await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk(), "power_on", name);
        Assert.Equal("in-progress", (string)on["status"]!);

        var ended = await DriveAsync(20, (long)off["id"]!, (long)on["id"]!);
        Assert.All(ended, a => Assert.Equal("completed", (string)a["status"]!));
        // In the order received: the power_on ran after the power_off had ended.
        Assert.True(DateTimeOffset.Parse((string)ended[1]["completed_at"]!) >= DateTimeOffset.Parse((string)ended[0]["completed_at"]!));
        Assert.Equal("RUNNING", await CurrentStatusAsync(name));
    }

    [Fact]
    public async Task A_power_action_on_a_server_already_in_that_state_completes_without_waiting()
    {
        var name = await BootedServerAsync("idempotent");
        var first = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk()["id"]!;
        var second = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk()["id"]!;
        Assert.Equal("completed", (string)(await DriveAsync(20, first)).Single()["status"]!);
        // The second found the server off already: it ends with no simulated time passing, the hypervisor untouched.
        var after = await Http.EventuallyAsync(() => ActionAsync(second), a => (string)a["status"]! != "in-progress", "second power_off");
        Assert.Equal("completed", (string)after["status"]!);
        Assert.Equal(100, (int)after["progress"]!);
        Assert.Equal("SHUTOFF", await CurrentStatusAsync(name));

        // The same for power_on of a running server.
        var on = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk()["id"]!;
        await DriveAsync(20, on);
        var again = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk()["id"]!;
        Assert.Equal("completed", (string)(await Http.EventuallyAsync(() => ActionAsync(again), a => (string)a["status"]! != "in-progress", "power_on"))["status"]!);
    }

    [Fact]
    public async Task A_delete_during_create_cancels_the_create_and_frees_its_address()
    {
        var created = await _api.CreateServerAsync("short-lived");
        var name = (string)created["server"]!["name"]!;
        var createId = (long)created["action_id"]!;
        await AdvanceUntilAsync(createId, a => (int)a["progress"]! > 0); // the create is under way
        var power = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk()["id"]!;

        var delete = Wire.AssertAction((await _api.DeleteJsonAsync($"servers/{name}")).AssertOk()["action"], "delete_server", name);
        var deleteId = (long)delete["id"]!;
        var ended = await DriveAsync(60, createId, power, deleteId);
        Assert.Equal("failed", (string)ended[0]["status"]!);
        Assert.Equal($"cancelled by delete_server {deleteId}", (string)ended[0]["message"]!);
        Assert.Equal("failed", (string)ended[1]["status"]!);
        Assert.Equal($"cancelled by delete_server {deleteId}", (string)ended[1]["message"]!);
        Assert.Equal("completed", (string)ended[2]["status"]!);
        Assert.False(await IsListedAsync(name));
        var leases = await _server.Database.ScalarAsync(
            $"SELECT COUNT(*) FROM \"AddressLeases\" a JOIN \"Servers\" s ON s.\"Id\" = a.\"ServerId\" WHERE s.\"Name\" = '{name}'");
        Assert.Equal(0L, Convert.ToInt64(leases));
    }

    [Fact]
    public async Task Actions_on_a_server_being_deleted_are_taken_and_fail_at_once_naming_the_delete()
    {
        var name = await BootedServerAsync("going");
        var deleteId = (long)(await _api.DeleteJsonAsync($"servers/{name}")).AssertOk()["action"]!["id"]!;
        foreach (var type in new[] { "power_on", "power_off", "console" })
        {
            var action = Wire.AssertAction((await _api.PostJsonAsync($"servers/{name}/actions", new { type })).AssertOk(), type, name);
            Assert.Equal("failed", (string)action["status"]!);
            Assert.Equal($"{name} is being deleted by delete_server {deleteId}", (string)action["message"]!);
            Assert.Null(action["console_key"]);
        }
        // Terraform's destroy moves the server out of its group right before the delete: a PUT is never refused.
        (await _api.PutJsonAsync($"servers/{name}", new { group = "nogroup", notes = "bye" })).AssertOk();
        await DriveAsync(30, deleteId);
        Assert.False(await IsListedAsync(name));
    }

    [Fact]
    public async Task A_stuck_action_fails_at_its_deadline_and_the_queue_behind_it_moves_on()
    {
        var name = await BootedServerAsync("stuck");
        (await _emulator.PostJsonAsync("faults", new { action_type = "power_off", count = 1, mode = "hang" })).AssertOk();
        var off = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_off" })).AssertOk()["id"]!;
        var on = (long)(await _api.PostJsonAsync($"servers/{name}/actions", new { type = "power_on" })).AssertOk()["id"]!;
        await Http.EventuallyAsync(() => _emulator.GetJsonAsync("faults"), f => f.Body!["faults"]!.AsArray().Count == 0, "the fault to trip");
        await AdvanceAsync(110);
        await Task.Delay(200);
        Assert.Equal("in-progress", (string)(await ActionAsync(off))["status"]!);

        var ended = await DriveAsync(30, off, on);
        Assert.Equal("failed", (string)ended[0]["status"]!);
        Assert.Contains("deadline of 2 min", (string)ended[0]["message"]!);
        Assert.Equal("completed", (string)ended[1]["status"]!);
        Assert.Equal("RUNNING", await CurrentStatusAsync(name));
    }

    [Fact]
    public async Task A_template_delete_is_taken_in_every_state_and_repeats_answer_the_same_action()
    {
        var name = await BootedServerAsync("source");
        var created = (await _api.PostJsonAsync("templates", new { server = name })).AssertOk();
        var template = (string)created["template"]!["name"]!;
        var capture = (long)created["action_id"]!;
        var first = (long)(await _api.DeleteJsonAsync($"templates/{template}")).AssertOk()["action"]!["id"]!;
        var second = (long)(await _api.DeleteJsonAsync($"templates/{template}")).AssertOk()["action"]!["id"]!;
        Assert.Equal(first, second);
        var ended = await DriveAsync(40, capture, first);
        Assert.Equal($"cancelled by delete_template {first}", (string)ended[0]["message"]!);
        Assert.Equal("completed", (string)ended[1]["status"]!);
        (await _api.GetJsonAsync($"templates/{template}")).AssertError(HttpStatusCode.NotFound);
    }
}
