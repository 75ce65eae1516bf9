using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>Failures as a user meets them, each one line on stderr and a non-zero exit.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class CliFailureTests(EcsServerFixture fx)
{
    private string Url => fx.Server.BaseAddress.ToString();

    [Fact]
    public async Task Failures_exit_non_zero_with_one_line_on_stderr()
    {
        var me = await fx.AccountAsync("failer");
        var ecs = new CliProcess();
        (await ecs.RunAsync("servers", "list")).Failed(mentioning: "ecs login");

        (await ecs.RunAsync("login", "--url", Url, "--username", me.Username, "--password", "wrong-password")).Failed(mentioning: "401");
        Assert.False(File.Exists(ecs.ConfigPath), "a failed login saves nothing");
        (await ecs.RunAsync("login", "--url", "http://127.0.0.1:1", "--username", me.Username, "--password", me.Password)).Failed(mentioning: "cannot reach");

        (await ecs.RunAsync(["login", "--url", Url, "--username", me.Username, "--password-stdin"], stdin: me.Password + "\n")).Ok();
        (await ecs.RunAsync("servers", "create", "--plan", "NOPE", "--location", "it-fr2", "--image", "ubuntu-2404")).Failed(mentioning: "NOPE");
        (await ecs.RunAsync("servers", "get", "ec299999")).Failed(mentioning: "not found");
        (await ecs.RunAsync("servers", "list", "--bogus")).Failed(exitCode: 2, mentioning: "--bogus");
    }

    [Fact]
    public async Task Environment_variables_stand_in_for_a_saved_context()
    {
        var me = await fx.AccountAsync("env");
        var ecs = new CliProcess();
        var regions = await ecs.RunAsync(["regions", "list", "-o", "json"], stdin: null, new Dictionary<string, string> { ["ECS_URL"] = Url, ["ECS_TOKEN"] = me.Token });
        Assert.Contains(regions.Json().AsArray(), r => (string)r!["location"]! == "it-fr2");
        (await ecs.RunAsync(["servers", "list"], stdin: null, new Dictionary<string, string> { ["ECS_URL"] = Url, ["ECS_TOKEN"] = "not-a-token" }))
            .Failed(mentioning: "401");
        Assert.False(File.Exists(ecs.ConfigPath));
    }
}
