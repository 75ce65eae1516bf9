using OpenEcs.Client.Tests.Support;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>--help, from the binary.</summary>
public sealed class CliHelpTests
{
    [Fact]
    public async Task Help_shows_usage_and_an_example()
    {
        var ecs = new CliProcess();
        foreach (var args in new[] { new[] { "--help" }, ["servers", "create", "--help"] })
        {
            var help = (await ecs.RunAsync(args)).Ok();
            Assert.Contains("Usage:", help.StdOut);
            Assert.Contains("Example", help.StdOut);
            Assert.Contains("  ecs ", help.StdOut);
        }
    }
}
