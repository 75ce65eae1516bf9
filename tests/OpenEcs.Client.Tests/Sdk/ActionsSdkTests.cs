using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>/actions through the SDK: pages, the resource filter, enumeration of all pages.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class ActionsSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task Actions_are_paged_filtered_and_enumerated()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await ecs.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = $"n{i}" });
            await ecs.WaitForActionAsync(created.ActionId);
            names.Add(created.Server.Name);
        }
        await ecs.WaitForActionAsync((await ecs.Servers.PowerOffAsync(names[0])).Id);

        var page = await ecs.Actions.ListAsync(start: 0, length: 2);
        Assert.Equal(4, page.TotalActions);
        Assert.Equal(2, page.Actions.Count);
        Assert.Equal(ActionType.PowerOff, page.Actions[0].Type); // newest first

        var ofFirst = await ecs.Actions.ListAsync(resource: names[0]);
        Assert.Equal(2, ofFirst.TotalActions);
        Assert.All(ofFirst.Actions, a => Assert.Equal(names[0], a.Resource));

        var all = new List<EcsAction>();
        await foreach (var action in ecs.Actions.ListAllAsync(pageSize: 3)) all.Add(action);
        Assert.Equal(4, all.Count);
        Assert.Equal(all.Count, all.Select(a => a.Id).Distinct().Count());

        Assert.Equal(all[0], await ecs.Actions.GetAsync(all[0].Id));
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Actions.GetAsync(999_999));
    }
}
