using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>`ecs networks ...` and `ecs servers create --network`.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class CliNetworksTests(EcsServerFixture fx)
{
    [Fact]
    public async Task Networks_and_vlans_from_the_terminal()
    {
        var me = await fx.AccountAsync("cli-net");
        var ecs = new CliInProcess();
        (await ecs.RunAsync("login", "--url", fx.Server.BaseAddress.ToString(), "--token", me.Token)).Ok();
        Assert.Contains("No networks.", (await ecs.RunAsync("networks", "list")).Ok().StdOut);
        var network = (string)(await ecs.RunAsync("networks", "create", "-o", "json")).Json()["name"]!;
        Assert.Matches(@"^net\d{6}$", network);
        Assert.Equal(network, (await ecs.RunAsync("networks", "list")).Ok().Row(network)[0]);

        var server = (string)(await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "debian-12",
            "--notes", "net", "--network", network, "--wait", "-o", "json")).Json()["server"]!["name"]!;
        var row = (await ecs.RunAsync("networks", "vlans", server, network)).Ok().Row("1");
        Assert.Equal(("yes", "ok"), (row[1], row[2]));
        Assert.Matches("^52:54:00(:[0-9a-f]{2}){3}$", row[3]);

        Assert.Contains("added", (await ecs.RunAsync("networks", "add-vlan", server, network, "10-12", "--wait")).Ok().StdOut);
        Assert.Contains("PVID", (await ecs.RunAsync("networks", "pvid", server, network, "11", "--wait")).Ok().StdOut);
        Assert.Equal("yes", (await ecs.RunAsync("networks", "vlans", server, network)).Ok().Row("11")[1]);
        (await ecs.RunAsync("networks", "add-vlan", server, network, "5000")).Failed(mentioning: "1-4094");
        (await ecs.RunAsync("networks", "delete", network)).Failed(mentioning: server);
        (await ecs.RunAsync("networks", "remove-vlan", server, network, "x-y")).Failed(mentioning: "range");
        Assert.Contains("removed", (await ecs.RunAsync("networks", "remove-vlan", server, network, "1-12", "--wait")).Ok().StdOut);
        Assert.Contains("has no interface", (await ecs.RunAsync("networks", "vlans", server, network)).Ok().StdOut);
        Assert.Contains("Deleted", (await ecs.RunAsync("networks", "delete", network)).Ok().StdOut);
        (await ecs.RunAsync("networks", "delete", network)).Failed(mentioning: "not found");
    }
}
