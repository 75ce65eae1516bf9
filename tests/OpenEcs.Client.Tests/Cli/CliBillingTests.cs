using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>`ecs servers support|reserve|isolations`, create's account-side options, `ecs billing` and `ecs logs`.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class CliBillingTests(EcsServerFixture fx)
{
    [Fact]
    public async Task Support_reservation_isolation_bills_and_logs_from_the_terminal()
    {
        var me = await fx.AccountAsync("cli-billing");
        var ecs = new CliInProcess();
        (await ecs.RunAsync("login", "--url", fx.Server.BaseAddress.ToString(), "--token", me.Token)).Ok();

        var first = (string)(await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "debian-12",
            "--notes", "one", "--support", "basic", "--wait", "-o", "json")).Json()["server"]!["name"]!;
        var second = (await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "debian-12", "--notes", "two",
            "--reserved-plan", "M3PECS1", "--isolate-from", first, "-o", "json")).Json()["server"]!;
        var secondName = (string)second["name"]!;
        Assert.Equal(3, (int)second["reserved_plans"]![0]!["reserved_months"]!);
        Assert.Equal(first, (await ecs.RunAsync("servers", "isolations", secondName)).Ok().Row(first)[0]);
        Assert.Equal(secondName, (string)(await ecs.RunAsync("servers", "isolations", first, "-o", "json")).Json()[0]!["name"]!);

        Assert.Contains("global support", (await ecs.RunAsync("servers", "support", first, "global")).Ok().StdOut);
        Assert.Contains("unmanaged", (await ecs.RunAsync("servers", "support", first, "unmanaged")).Ok().StdOut);
        (await ecs.RunAsync("servers", "support", first, "platinum")).Failed(mentioning: "unknown support");
        Assert.Contains("reserved for 6 months", (await ecs.RunAsync("servers", "reserve", secondName, "M6PECS1")).Ok().StdOut);
        (await ecs.RunAsync("servers", "reserve", secondName, "M7PECS1")).Failed(mentioning: "reserved period lasts");
        (await ecs.RunAsync("servers", "delete", secondName)).Failed(mentioning: "reserved until");

        var now = DateTime.UtcNow;
        var (year, month) = (now.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), now.Month.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var table = (await ecs.RunAsync("billing", "servers", year, month)).Ok();
        // Its month is billed at the highest plan it had in it, though it is unmanaged now.
        Assert.Equal("global", table.Row(first)[7]);
        Assert.Contains("Total", table.StdOut);
        Assert.Equal(2, (await ecs.RunAsync("billing", "servers", year, month, "-o", "json")).Json().AsArray().Count);
        var csv = (await ecs.RunAsync("billing", "servers", year, month, "--csv")).Ok().StdOut;
        Assert.StartsWith("plan,name,", csv);
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("Nothing billed.", (await ecs.RunAsync("billing", "templates", year, month)).Ok().StdOut);
        Assert.Contains("Nothing billed.", (await ecs.RunAsync("billing", "snapshots", "2020", "1")).Ok().StdOut);
        (await ecs.RunAsync("billing", "servers", year, "13")).Failed(mentioning: "month");

        var logs = (await ecs.RunAsync("logs", "list", "--resource", first, "-o", "json")).Json();
        var id = (long)logs["logs"]![0]!["id"]!;
        Assert.Contains("POST /servers", (await ecs.RunAsync("logs", "list")).Ok().StdOut);
        Assert.Contains(first, (await ecs.RunAsync("logs", "get", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Ok().StdOut);
        (await ecs.RunAsync("logs", "get", "99999999")).Failed(mentioning: "not found");
    }
}
