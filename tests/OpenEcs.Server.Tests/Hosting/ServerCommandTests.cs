using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hosting;

/// <summary>The server binary's commands as an operator types them: --help, accounts add|list beside a running server, JSON logs.</summary>
public sealed class ServerCommandTests
{
    [Fact]
    public async Task Help_lists_the_commands_and_the_main_settings()
    {
        var help = await ServerCommand.RunAsync(["--help"]);
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var word in new[] { "serve", "accounts", "agent", "--urls", "OpenEcs:DataDir", "OpenEcs:Storage:Provider",
                     "ConnectionStrings:OpenEcs", "OpenEcs:Hypervisor:Kind", "OpenEcs:Emulator:Enabled", "Logging:Console:FormatterName", "/healthz/ready" })
            Assert.Contains(word, help.StdOut);
        var accounts = await ServerCommand.RunAsync(["accounts", "--help"]);
        Assert.Contains("add", accounts.StdOut);
        Assert.Contains("list", accounts.StdOut);
    }

    [Fact]
    public async Task A_mistyped_command_is_refused_in_one_line()
    {
        var result = await ServerCommand.RunAsync(["acounts", "list"]);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("openecs: unknown command 'acounts' (see: openecs --help)", result.StdErr.Trim());
    }

    [Fact]
    public async Task Accounts_add_and_list_work_beside_a_running_server_on_the_same_store()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var server = await ServerProcess.StartAsync(database, "instant");
        string[] store = [$"--OpenEcs:DataDir={database.DataDir}", .. database.Settings.Select(s => "--" + s)];

        var added = await ServerCommand.RunAsync(["accounts", "add", "--username", "carol", "--email", "carol@example.com", "--password-stdin", .. store],
            stdin: "carol-password-1\n");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Matches(@"^created account carol \(id \d+\)$", added.StdOut.Trim());

        // The running server sees the account at once: carol logs in through it.
        using var anonymous = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "/ecs/v2/") };
        var login = (await anonymous.PostJsonAsync("login", new { username = "carol", password = "carol-password-1" })).AssertOk();
        Assert.False(string.IsNullOrEmpty((string?)login["token"]));

        var again = await ServerCommand.RunAsync(["accounts", "add", "--username", "carol", "--email", "c@example.com", "--password", "another-pw-1", .. store]);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("openecs accounts: account 'carol' already exists", again.StdErr.Trim());

        var list = await ServerCommand.RunAsync(["accounts", "list", .. store]);
        Assert.True(list.ExitCode == 0, list.ToString());
        var rows = list.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains(rows, r => r is [_, "admin", _, "admin"]);
        Assert.Contains(rows, r => r is [_, "carol", "carol@example.com"]);
    }

    [Fact]
    public async Task Json_console_logs_are_one_object_per_line()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var server = await ServerProcess.StartAsync(database, "instant", "Logging:Console:FormatterName=json");
        using var api = server.Client();
        (await api.GetJsonAsync("servers")).AssertOk();
        var lines = server.LogTail(200).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var entry = Assert.IsType<JsonObject>(JsonNode.Parse(line));
            Assert.EndsWith("Z", (string)entry["Timestamp"]!);
            Assert.False(string.IsNullOrEmpty((string?)entry["LogLevel"]));
            Assert.False(string.IsNullOrEmpty((string?)entry["Category"]));
        }
        Assert.Contains(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient().GetAsync(new Uri(server.BaseAddress, "/healthz"))).StatusCode);
    }
}
