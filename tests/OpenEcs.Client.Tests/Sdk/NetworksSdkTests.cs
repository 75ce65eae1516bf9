using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Sdk;

/// <summary>Private networks and VLANs through the SDK.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class NetworksSdkTests(EcsServerFixture fx)
{
    [Fact]
    public async Task A_network_its_vlans_a_pvid_and_a_server_created_on_it()
    {
        using var me = await fx.AccountAsync();
        using var ecs = fx.For(me);
        var network = await ecs.Networks.CreateAsync();
        Assert.Matches(@"^net\d{6}$", network.Name);
        Assert.True(network.Active);
        Assert.Equal(network.Name, Assert.Single(await ecs.Networks.ListAsync()).Name);
        Assert.Equal(network.NetworkId, (await ecs.Networks.GetAsync(network.Name)).NetworkId);

        var created = await ecs.Servers.CreateAsync(new()
        {
            Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "sdk-net",
            Networks = [new NetworkAttachment { Name = network.Name, Vlans = [new VlanRequest { VlanId = 100, Pvid = true }, new VlanRequest { Vlans = "1-3" }] }],
        });
        await ecs.WaitForActionAsync(created.ActionId);
        var server = created.Server.Name;
        var vlans = await ecs.Networks.ListVlansAsync(server, network.Name);
        Assert.Equal([1, 2, 3, 100], vlans.Select(v => v.VlanId));
        Assert.Equal(100, Assert.Single(vlans, v => v.Pvid).VlanId);
        Assert.All(vlans, v => Assert.Equal(("ok", network.Name, server), (v.Status, v.Network, v.Server)));
        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", vlans[0].MacAddress);

        var added = await ecs.Networks.AddVlansAsync(server, network.Name, new VlanRequest { Vlans = "10-12" });
        Assert.Equal(("creating", ActionType.AddVlan, "network", $"{server}-{network.Name}"),
            (added.Status, added.Action.Type, added.Action.ResourceType, added.Action.Resource));
        await ecs.WaitForActionAsync(added.Action.Id);
        var pvid = await ecs.Networks.SetPvidAsync(server, network.Name, 10);
        Assert.Equal(("updating", 10, true), (pvid.Status, pvid.Vlan!.VlanId, pvid.Vlan.Pvid));
        await ecs.WaitForActionAsync(pvid.Action.Id);
        Assert.Equal(10, Assert.Single(await ecs.Networks.ListVlansAsync(server, network.Name), v => v.Pvid).VlanId);

        await Assert.ThrowsAsync<EcsBadRequestException>(() => ecs.Networks.AddVlansAsync(server, network.Name, new VlanRequest { VlanId = 4095 }));
        await Assert.ThrowsAsync<EcsConflictException>(() => ecs.Networks.DeleteAsync(network.Name));
        var removed = await ecs.Networks.DeleteVlansAsync(server, network.Name, 1, 4094);
        Assert.Equal(("deleting", ActionType.DeleteVlan), (removed.Status, removed.Action.Type));
        await ecs.WaitForActionAsync(removed.Action.Id);
        Assert.Empty(await ecs.Networks.ListVlansAsync(server, network.Name));
        await ecs.Networks.DeleteAsync(network.Name);
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Networks.GetAsync(network.Name));
        Assert.Empty(await ecs.Networks.ListAsync());
    }
}
