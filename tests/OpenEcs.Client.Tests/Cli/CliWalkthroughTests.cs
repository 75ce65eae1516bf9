using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>The `ecs` tool as a user runs it, against a real server: the acceptance walk.</summary>
public sealed class CliWalkthroughTests(FastMetricsFixture fx) : IClassFixture<FastMetricsFixture>
{
    private string Url => fx.Server.BaseAddress.ToString();

    [Fact]
    public async Task Login_create_list_power_metrics_delete()
    {
        var me = await fx.AccountAsync("walker");
        var ecs = new CliProcess();

        var login = (await ecs.RunAsync("login", "--url", Url, "--username", me.Username, "--password", me.Password)).Ok();
        Assert.Contains($"as {me.Username}", login.StdOut);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ecs.ConfigPath));

        var create = (await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "ubuntu-2404",
            "--notes", "cli walk", "--wait")).Ok();
        Assert.Matches(@"create_server ec2\d{5}: \[#+\] 100% completed", create.StdErr); // the progress, on stderr
        Assert.Contains("is Booted", create.StdOut);
        var name = System.Text.RegularExpressions.Regex.Match(create.StdOut, @"ec2\d{5}").Value;

        var row = (await ecs.RunAsync("servers", "list")).Ok().Row(name);
        Assert.Equal("Booted", row[1]);
        Assert.Contains("walk", row);
        var listed = Assert.Single((await ecs.RunAsync("servers", "list", "--output", "json")).Json().AsArray());
        Assert.Equal((name, "Booted", "cli walk"), ((string)listed!["name"]!, (string)listed["status"]!, (string)listed["notes"]!));
        Assert.Equal("1", (string)listed["plan_size"]!["core"]!); // the API's JSON, sizes as strings

        var off = (await ecs.RunAsync("servers", "power-off", name, "--wait")).Ok();
        Assert.Contains($"power_off {name}: [####################] 100% completed", off.StdErr);
        Assert.Contains("SHUTOFF", off.StdOut);
        Assert.Contains("RUNNING", (await ecs.RunAsync("servers", "power-on", name, "--wait")).Ok().StdOut);

        using (var api = Support.Sdk.For(fx.Server, me.Token)) // the sampler's first point, without a process per look
            await global::OpenEcs.Server.Tests.Infrastructure.Http.EventuallyAsync(() => api.Servers.GetMetricsAsync(name), m => m.Core.Count > 0, "a metrics sample");
        var metrics = (await ecs.RunAsync("servers", "metrics", name)).Ok();
        Assert.Matches("[▁▂▃▄▅▆▇█]", metrics.Row("cpu")[2]);
        Assert.Contains("net transmitted", metrics.StdOut);

        var delete = (await ecs.RunAsync("servers", "delete", name, "--wait")).Ok();
        Assert.Contains($"delete_server {name}:", delete.StdErr);
        Assert.Contains($"Deleted {name}", delete.StdOut);
        Assert.DoesNotContain(name, (await ecs.RunAsync("servers", "list")).Ok().StdOut);
    }
}
