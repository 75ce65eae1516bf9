using System.Text.Json.Nodes;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>
/// Every command group beyond the acceptance walk, run in-process against a real server: contexts, catalog, groups,
/// keys, templates, actions, and the usage errors, in tables and in JSON.
/// </summary>
[Collection(Support.SharedServer.Name)]
public sealed class CliCommandsTests(EcsServerFixture fx)
{
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 me@laptop";

    private string Url => fx.Server.BaseAddress.ToString();

    [Fact]
    public async Task Contexts_keep_several_endpoints_and_credentials()
    {
        var alice = await fx.AccountAsync("alice");
        var bob = await fx.AccountAsync("bob");
        var ecs = new CliInProcess();
        (await ecs.RunAsync("login", "--url", Url, "--token", alice.Token, "--name", "alice")).Ok();
        (await ecs.RunAsync("login", "--url", Url, "-u", bob.Username, "-p", bob.Password, "--name", "bob")).Ok();
        using (var api = Support.Sdk.For(fx.Server, alice.Token))
            await api.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "alice's" });

        var contexts = (await ecs.RunAsync("context", "list", "-o", "json")).Json().AsArray();
        Assert.Equal(["alice", "bob"], contexts.Select(c => (string)c!["name"]!));
        Assert.Equal("bob", (string)contexts.Single(c => (bool)c!["current"]!)!["name"]!);
        Assert.Contains(contexts, c => (string)c!["auth"]! == "api token");
        Assert.Equal("bob", (await ecs.RunAsync("context", "list")).Ok().Row("*")[1]);

        Assert.Empty((await ecs.RunAsync("servers", "list", "-o", "json")).Json().AsArray()); // bob's
        Assert.Single((await ecs.RunAsync("servers", "list", "-o", "json", "--context", "alice")).Json().AsArray());
        (await ecs.RunAsync("context", "use", "alice")).Ok();
        Assert.Equal("alice's", (string)(await ecs.RunAsync("servers", "list", "-o", "json")).Json()[0]!["notes"]!);
        (await ecs.RunAsync("context", "use", "carol")).Failed(mentioning: "carol");
        (await ecs.RunAsync("servers", "list", "--context", "carol")).Failed(mentioning: "carol");
        (await ecs.RunAsync("context", "delete", "bob")).Ok();
        Assert.Single((await ecs.RunAsync("context", "list", "-o", "json")).Json().AsArray());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ecs.ConfigPath));
    }

    [Fact]
    public async Task A_renewed_login_is_saved_for_the_next_command()
    {
        var me = await fx.AccountAsync("renewer");
        var ecs = new CliInProcess();
        (await ecs.RunAsync(["login", "--url", Url, "--username", me.Username, "--password-stdin"], stdin: me.Password + "\n")).Ok();
        // A token the server no longer takes (here: never took) is replaced on the next call, and the new one is kept.
        var config = File.ReadAllText(ecs.ConfigPath);
        var jwt = (string)JsonNode.Parse(config)!["contexts"]![fx.Server.BaseAddress.Authority]!["jwt"]!;
        File.WriteAllText(ecs.ConfigPath, config.Replace(jwt, "expired.jwt.token"));
        (await ecs.RunAsync("servers", "list")).Ok();
        var renewed = (string)JsonNode.Parse(File.ReadAllText(ecs.ConfigPath))!["contexts"]![fx.Server.BaseAddress.Authority]!["jwt"]!;
        Assert.NotEqual("expired.jwt.token", renewed);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ecs.ConfigPath));
    }

    [Fact]
    public async Task Catalog_groups_keys_templates_and_actions()
    {
        var me = await fx.AccountAsync("resources");
        var ecs = new CliInProcess();
        (await ecs.RunAsync("login", "--url", Url, "--token", me.Token)).Ok();

        Assert.Contains((await ecs.RunAsync("plans", "list", "-o", "json")).Json().AsArray(), p => (string)p!["name"]! == "eCS1" && p["montly_price"] is not null);
        Assert.Equal("1", (await ecs.RunAsync("plans", "list")).Ok().Row("eCS1")[1]);
        Assert.Equal("Frosinone", (await ecs.RunAsync("regions", "list")).Ok().Row("3")[2]);
        Assert.Contains((await ecs.RunAsync("images", "list", "--basic", "-o", "json")).Json().AsArray(), i => (string)i!["name"]! == "ubuntu-2404");
        Assert.Contains("cloud", (await ecs.RunAsync("images", "list", "--cloud")).Ok().StdOut);

        var group = (await ecs.RunAsync("groups", "create", "--notes", "web tier", "-o", "json")).Json();
        var groupName = (string)group["name"]!;
        Assert.EndsWith("web tier", (await ecs.RunAsync("groups", "list")).Ok().StdOut.Split('\n').Single(l => l.Contains(groupName)));

        var key = (await ecs.RunAsync("sshkeys", "add", "--label", "laptop", "--key", PublicKey, "-o", "json")).Json();
        Assert.Equal("laptop", (string)key["label"]!);
        Assert.Contains("laptop", (await ecs.RunAsync("sshkeys", "list")).Ok().StdOut);

        var created = (await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "ubuntu-2404",
            "--ssh-key", "laptop", "--group", groupName, "--wait", "-o", "json")).Json();
        var server = (string)created["server"]!["name"]!;
        Assert.Equal(("Booted", groupName), ((string)created["server"]!["status"]!, (string)created["server"]!["group"]!));
        Assert.Contains(server, (await ecs.RunAsync("servers", "get", server)).Ok().StdOut);
        (await ecs.RunAsync("groups", "delete", groupName)).Failed(mentioning: "409");
        var updated = (await ecs.RunAsync("servers", "update", server, "--group", "nogroup", "--notes", "ungrouped", "-o", "json")).Json();
        Assert.Equal("ungrouped", (string)updated["notes"]!);
        (await ecs.RunAsync("groups", "delete", groupName)).Ok();

        using (var api = Support.Sdk.For(fx.Server, me.Token))
            await api.WaitForActionAsync((await api.Templates.CreateAsync(new() { Server = server, Notes = "golden" })).ActionId);
        var template = Assert.Single((await ecs.RunAsync("templates", "list", "-o", "json")).Json().AsArray())!;
        var templateName = (string)template["name"]!;
        Assert.Contains("golden", (await ecs.RunAsync("templates", "get", templateName)).Ok().StdOut);
        Assert.Contains("completed", (await ecs.RunAsync("templates", "delete", templateName, "--wait")).Ok().StdErr);

        var token = (await ecs.RunAsync("keys", "create", "--notes", "ci", "-o", "json")).Json();
        Assert.True(((string)token["token"]!).Length >= 32);
        Assert.Contains((await ecs.RunAsync("keys", "list", "-o", "json")).Json().AsArray(), k => (string)k!["notes"]! == "ci");
        (await ecs.RunAsync("keys", "delete", token["id"]!.ToString())).Ok();
        (await ecs.RunAsync("sshkeys", "delete", key["id"]!.ToString())).Ok();
        Assert.Empty((await ecs.RunAsync("sshkeys", "list", "-o", "json")).Json().AsArray());

        var page = (await ecs.RunAsync("actions", "list", "--resource", server, "-o", "json")).Json();
        var action = page["actions"]![0]!;
        Assert.Equal("create_server", (string)action["type"]!);
        Assert.Contains("completed", (await ecs.RunAsync("actions", "watch", action["id"]!.ToString())).Ok().StdOut);
        Assert.Contains("create_server", (await ecs.RunAsync("actions", "get", action["id"]!.ToString())).Ok().StdOut);
        Assert.Contains("create_server", (await ecs.RunAsync("actions", "list")).Ok().StdOut);
        var console = (await ecs.RunAsync("servers", "console-key", server, "-o", "json")).Json();
        Assert.StartsWith("ws://", (string)console["console_url"]!);
        Assert.Equal("RUNNING", (await ecs.RunAsync("servers", "status", server)).Ok().Row("Power")[1]);
        (await ecs.RunAsync("servers", "power-off", server)).Ok(); // without --wait: started, not awaited
    }

    [Fact]
    public async Task Usage_errors_exit_2_with_one_line()
    {
        var me = await fx.AccountAsync("usage");
        var ecs = new CliInProcess();
        (await ecs.RunAsync("login", "--url", Url, "--username", me.Username)).Failed(exitCode: 2, mentioning: "password");
        (await ecs.RunAsync("login", "--url", "ftp://example.com", "--token", "x")).Failed(exitCode: 2, mentioning: "http");
        (await ecs.RunAsync("login", "--url", Url, "--token", me.Token)).Ok();
        (await ecs.RunAsync("servers", "create", "--location", "it-fr2")).Failed(exitCode: 2, mentioning: "--plan");
        (await ecs.RunAsync("servers", "update", "ec200001")).Failed(exitCode: 2, mentioning: "--notes");
        (await ecs.RunAsync("actions", "get", "not-a-number")).Failed(exitCode: 2, mentioning: "not-a-number");
        (await ecs.RunAsync("servers", "list", "-o", "yaml")).Failed(exitCode: 2, mentioning: "yaml");
        (await ecs.RunAsync("nonsense")).Failed(exitCode: 2, mentioning: "nonsense");
        (await ecs.RunAsync("sshkeys", "add", "--label", "x")).Failed(exitCode: 2, mentioning: "--key");
        (await ecs.RunAsync("servers", "delete", "ec299999", "--wait")).Failed(mentioning: "404");
        (await ecs.RunAsync("actions", "watch", "999999")).Failed(mentioning: "404");
        Assert.Contains("Commands:", (await ecs.RunAsync("servers")).Ok().StdOut);
    }
}
