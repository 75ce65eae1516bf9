using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>Scripts, snapshots, rollback, periodic snapshots and templates from a snapshot through the SDK.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class SnapshotsSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task A_library_script_a_snapshot_a_rollback_a_schedule_and_a_template_of_the_snapshot()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var script = await ecs.Scripts.CreateAsync(new ScriptRequest { Title = "hello", Content = "echo hello > /root/.bashrc" });
        Assert.Equal(script.Id, Assert.Single(await ecs.Scripts.ListAsync(), x => !x.Public).Id);
        Assert.Equal("hi", (await ecs.Scripts.UpdateAsync(script.Id, new ScriptRequest { Title = "hi" })).Title);
        Assert.Equal("echo hello > /root/.bashrc", (await ecs.Scripts.GetAsync(script.Id)).Content);

        var server = await ecs.Servers.CreateAsync(new()
        {
            Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "sdk", UserCustomize = UserCustomize.FromScript(script.Id),
            UserCustomizeEnv = "GREETING=hello",
        });
        await ecs.WaitForActionAsync(server.ActionId);
        var name = server.Server.Name;

        var taken = await ecs.Snapshots.CreateAsync(name, new SnapshotRequest { Description = "first" });
        Assert.Equal(("SNP", ActionType.CreateSnapshot), (taken.Action.ResourceType, taken.Action.Type));
        await ecs.WaitForActionAsync(taken.Action.Id);
        var snapshot = await ecs.Snapshots.GetAsync(name, taken.Snapshot.Id);
        Assert.Equal(("CD", "first"), (snapshot.Status, snapshot.Description));
        Assert.True((await ecs.Snapshots.UpdateAsync(name, snapshot.Id, new SnapshotRequest { Protected = true })).Protected);

        await ecs.WaitForActionAsync((await ecs.Servers.RollbackAsync(name, snapshot.Id)).Id);
        Assert.True(Assert.Single(await ecs.Snapshots.ListAsync(name)).IsLastRestored);

        var schedule = await ecs.Snapshots.ScheduleAsync(name, new SnapshotScheduleRequest { MaxRetention = 2, DayOfWeek = 1, Hour = 3 });
        Assert.Equal(($"snapshot_schedule_{name}", 2, 1), (schedule.Name, schedule.Infos.MaxRetention, schedule.Infos.DayOfWeek));
        Assert.False((await ecs.Snapshots.UpdateScheduleAsync(name, new SnapshotScheduleRequest { Enabled = false })).Enabled);
        Assert.Equal(2, (await ecs.Snapshots.GetScheduleAsync(name)).Infos.MaxRetention);
        await ecs.Snapshots.DeleteScheduleAsync(name);
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Snapshots.GetScheduleAsync(name));

        var template = await ecs.Templates.CreateAsync(new CreateTemplateRequest { Snapshot = snapshot.Id });
        await ecs.WaitForActionAsync(template.ActionId);
        var clone = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = template.Template.Name, Notes = "clone" });
        await ecs.WaitForActionAsync(clone.ActionId);

        var deleting = await ecs.Snapshots.DeleteAsync(name, snapshot.Id);
        await ecs.WaitForActionAsync(deleting.Action.Id);
        Assert.Empty(await ecs.Snapshots.ListAsync(name));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Snapshots.GetAsync(name, snapshot.Id));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.RollbackAsync(name, snapshot.Id));
        await ecs.Scripts.DeleteAsync(script.Id);
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Scripts.GetAsync(script.Id));
    }
}
