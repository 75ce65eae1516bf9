using System.Text.Json.Nodes;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>A test server's manual clock (POST /_openecs/clock) and ways to drive actions with it.</summary>
public sealed class ManualClock(EcsServer server) : IDisposable
{
    private readonly HttpClient _emulator = server.Emulator();
    private readonly HttpClient _api = server.Client();

    public async Task<DateTimeOffset> NowAsync() => DateTimeOffset.Parse((string)(await _emulator.GetJsonAsync("clock")).AssertOk()["now"]!);

    public async Task AdvanceAsync(double seconds) => (await _emulator.PostJsonAsync("clock", new { advance_seconds = seconds })).AssertOk();

    public async Task SetAsync(DateTimeOffset to) => (await _emulator.PostJsonAsync("clock", new { set_to = to.ToString("O") })).AssertOk();

    public async Task<JsonNode> ActionAsync(long id) => (await _api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!;

    /// <summary>
    /// Moves the clock a second at a time until the action has ended; returns the progress values seen on the way. The
    /// short waits let the runner take the steps that came due (wall-clock waits; no timing is asserted).
    /// </summary>
    public async Task<List<int>> DriveAsync(long id, int maxSeconds)
    {
        var seen = new List<int>();
        for (var s = 0; s <= maxSeconds; s++)
        {
            await Task.Delay(40);
            var action = await ActionAsync(id);
            var progress = (int)action["progress"]!;
            if (seen.Count == 0 || seen[^1] != progress) seen.Add(progress);
            if ((string)action["status"]! != "in-progress") return seen;
            await AdvanceAsync(1);
        }
        throw new Xunit.Sdk.XunitException($"action {id} did not end within {maxSeconds} simulated seconds; progress seen: {string.Join(",", seen)}");
    }

    /// <summary>Moves the clock a second at a time until <paramref name="probe"/> holds.</summary>
    public async Task<T> AdvanceUntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int maxSeconds)
    {
        T last = default!;
        for (var s = 0; s <= maxSeconds; s++)
        {
            await Task.Delay(40);
            last = await probe();
            if (done(last)) return last;
            await AdvanceAsync(1);
        }
        throw new Xunit.Sdk.XunitException($"{what} did not happen within {maxSeconds} simulated seconds; last seen: {last}");
    }

    public void Dispose()
    {
        _emulator.Dispose();
        _api.Dispose();
    }
}
