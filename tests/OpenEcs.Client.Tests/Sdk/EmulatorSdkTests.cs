using OpenEcs.Client.Models;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>OpenECS's own controls through the SDK, on a server with a manual clock.</summary>
public sealed class EmulatorSdkTests : IAsyncLifetime
{
    private EcsServer _server = null!;

    public async Task InitializeAsync() => _server = await EcsServer.StartAsync("manual");

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Health_clock_faults_reset_memory_and_accounts()
    {
        using var admin = Support.Sdk.For(_server);
        using (var anonymous = new EcsClient(new EcsClientOptions { BaseUrl = _server.BaseAddress }))
        {
            var health = await anonymous.Emulator.GetHealthAsync();
            Assert.Equal(("ok", "manual"), (health.Status, health.Speed));
        }

        var clock = await admin.Emulator.GetClockAsync();
        var later = await admin.Emulator.SetClockAsync(clock.Now.AddHours(1));
        Assert.Equal(clock.Now.AddHours(1), later.Now);
        Assert.Equal(later.Now.AddSeconds(30), (await admin.Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(30))).Now);
        await Assert.ThrowsAsync<EcsBadRequestException>(() => admin.Emulator.SetClockAsync(clock.Now));

        var rules = await admin.Emulator.AddFaultAsync(new FaultRule { ActionType = ActionType.PowerOn, Probability = 0.5 });
        Assert.Equal(0.5, Assert.Single(rules).Probability);
        Assert.Single(await admin.Emulator.ListFaultsAsync());
        await admin.Emulator.ClearFaultsAsync();
        Assert.Empty(await admin.Emulator.ListFaultsAsync());

        await admin.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "to be forgotten" });
        await admin.Emulator.ResetAsync();
        Assert.Empty(await admin.Servers.ListAsync());

        var memory = await admin.Emulator.CollectMemoryAsync();
        Assert.True(memory.ManagedBytes > 0 && memory.WorkingSetBytes >= memory.ManagedBytes && memory.Gen2Collections > 0, memory.ToString());

        var account = await admin.Emulator.CreateAccountAsync("emulated", "password-123", "emulated@example.com");
        Assert.Equal("emulated", account.Username);
        using var user = Support.Sdk.WithLogin(_server, new LoginCredential("emulated", "password-123"));
        await Assert.ThrowsAsync<EcsForbiddenException>(() => user.Emulator.ResetAsync());
    }
}
