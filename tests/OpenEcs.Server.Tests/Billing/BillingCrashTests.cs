using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Billing;

/// <summary>The same month as <see cref="BillingTests"/>, with the server killed (-9) twice in the middle of it.</summary>
public sealed class BillingCrashTests
{
    [Fact]
    public async Task A_kill_9_mid_month_changes_nothing_in_the_bills()
    {
        await using var database = await TestDatabase.CreateAsync();
        var scenario = new BillingScenario();
        var steps = scenario.Steps;
        var powerOffB = Index("power off B");
        var template = Index("template of A");

        // First life: up to the reservation, then a power_off of B caught half-way by the kill.
        long powerOff;
        using (var first = await StartAsync(database, null, scenario))
        {
            await scenario.RunAsync(0, powerOffB);
            await scenario.SetClockAsync(steps[powerOffB].At);
            powerOff = (long)(await scenario.Api.PostJsonAsync($"servers/{scenario.B}/actions", new { type = "power_off" })).AssertOk()["id"]!;
            // Half a second: a simulated power change takes 1 to 3 s, so the kill always catches it unfinished.
            (await scenario.Emulator.PostJsonAsync("clock", new { advance_seconds = 0.5 })).AssertOk();
            first.Kill();
        }
        Assert.Equal("in-progress", (string)(await database.ScalarAsync($"SELECT \"Status\" FROM \"Actions\" WHERE \"Id\" = {powerOff}"))!);

        // Second life, from where the clock stood: the power_off resumes; then to just after the template, killed idle.
        using (var second = await StartAsync(database, steps[powerOffB].At.AddSeconds(0.5), scenario))
        {
            await scenario.DriveAsync(powerOff);
            await scenario.RunAsync(powerOffB + 1, template + 1);
            second.Kill();
        }

        using (await StartAsync(database, steps[template].At.AddMinutes(5), scenario))
        {
            await scenario.RunAsync(template + 1);
            await scenario.AssertBillsAsync();
        }

        int Index(string name) => steps.Select((s, i) => (s.Name, i)).Single(s => s.Name == name).i;
    }

    private static async Task<ServerProcess> StartAsync(TestDatabase database, DateTimeOffset? clock, BillingScenario scenario)
    {
        var process = await ServerProcess.StartAsync(database, "manual",
            [.. BillingScenario.Settings(clock ?? BillingScenario.Start), "OpenEcs:Cluster:LeaseDuration=00:00:03"]);
        scenario.Api = process.Client();
        scenario.Emulator = process.Emulator();
        return process;
    }
}
