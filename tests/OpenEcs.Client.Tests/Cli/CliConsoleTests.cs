using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>
/// `ecs servers console NAME` against the simulator's console: interactive in a pseudo-terminal (raw mode, Ctrl-]
/// leaves with exit code 0) and piped (the answer is shown, then the tool ends). A real VM's console is in the QEMU
/// login test.
/// </summary>
[Collection(Support.SharedServer.Name)]
public sealed class CliConsoleTests(EcsServerFixture fx)
{
    [Fact]
    public async Task The_console_is_interactive_in_a_terminal_and_leaves_on_ctrl_close_bracket()
    {
        var me = await fx.AccountAsync("console");
        var name = await me.Api.CreateBootedServerAsync("console");
        // Raw mode: the console's answer arrives as it was sent (no \r added by the terminal), and what was typed is
        // echoed once, by the console, not a second time by the terminal.
        var seen = await Pty.ConsoleAsync(fx.Server.BaseAddress, me.Token, name, "echo raw-mode\r", "\r\nraw-mode\r\n");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(seen, "echo raw-mode"));
    }

    [Fact]
    public async Task Piped_input_is_typed_and_the_answer_shown()
    {
        var me = await fx.AccountAsync("console");
        var name = await me.Api.CreateBootedServerAsync("piped");
        var env = new Dictionary<string, string> { ["ECS_URL"] = fx.Server.BaseAddress + "ecs/v2", ["ECS_TOKEN"] = me.Token };
        var result = (await new CliProcess().RunAsync(["servers", "console", name], "hostname\n", env)).Ok();
        Assert.Contains($"\r\n{name}\r\n", result.StdOut);
        Assert.Contains($"Connected to the console of {name}", result.StdErr);

        var shown = (await new CliProcess().RunAsync(["servers", "get", name], null, env)).Ok();
        Assert.Equal("22", shown.Row("SSH port")[2]);
        (await new CliProcess().RunAsync(["servers", "console", "ec299999"], "", env)).Failed(mentioning: "ec299999");
    }
}
