using System.CommandLine;
using OpenEcs.Cli;
using OpenEcs.Cli.Config;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>The tool's parts that need no server: the command tree, sparklines, the config file.</summary>
public sealed class CliUnitTests
{
    [Fact]
    public void Every_command_has_a_description_and_its_help_an_example()
    {
        var root = EcsCli.Build();
        var commands = new List<(string Path, Command Command)>();
        void Walk(Command c, string path)
        {
            commands.Add((path, c));
            foreach (var sub in c.Subcommands) Walk(sub, $"{path} {sub.Name}");
        }
        Walk(root, "ecs");
        Assert.True(commands.Count > 40, $"only {commands.Count} commands");
        foreach (var (path, command) in commands)
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{path} has no description");
            var output = new StringWriter();
            var code = root.Parse(path.Split(' ').Skip(1).Append("--help").ToArray()).Invoke(new InvocationConfiguration { Output = output });
            Assert.Equal(0, code);
            Assert.Contains("Example", output.ToString());
            if (command is EcsCommand ecs) Assert.StartsWith("ecs ", ecs.Example);
        }
    }

    [Fact]
    public void Sparklines_span_the_blocks_and_fit_the_width()
    {
        Assert.Equal("▁▂▃▄▅▆▇█", Sparkline.Render([0, 1, 2, 3, 4, 5, 6, 7]));
        Assert.Equal("▁▁▁", Sparkline.Render([5, 5, 5]));
        Assert.Equal("", Sparkline.Render([]));
        Assert.Equal(10, Sparkline.Render(Enumerable.Range(0, 1000).Select(i => (double)i).ToList(), width: 10).Length);
        Assert.Equal([1.5, 5.5], Sparkline.Downsample([1, 2, 5, 6], 2));
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("6h", 21600)]
    [InlineData("2d", 172800)]
    [InlineData("06:00:00", 21600)]
    [InlineData("2x", -1)]
    [InlineData("0s", -1)]
    [InlineData("-1h", -1)]
    public void Durations_read_as_people_type_them(string text, int seconds)
    {
        var ok = Durations.TryParse(text, out var duration);
        Assert.Equal(seconds >= 0, ok);
        if (ok) Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void The_config_file_is_private_and_survives_a_round_trip()
    {
        var store = new ConfigStore(Path.Combine(TempDir.Create(), "nested", "config.json"));
        Assert.Empty(store.Load().Contexts);
        var config = new CliConfig { CurrentContext = "lab" };
        config.Contexts["lab"] = new CliContext { Url = "http://127.0.0.1:8080/ecs/v2/", Username = "me", Password = "pw", Jwt = "a.b.c", JwtExpires = DateTimeOffset.UnixEpoch };
        store.Save(config);
        store.Save(config);
        var read = store.Load();
        Assert.Equal("lab", read.CurrentContext);
        Assert.Equal(("me", "pw", "a.b.c"), (read.Contexts["lab"].Username, read.Contexts["lab"].Password, read.Contexts["lab"].Jwt));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.Path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(store.Path)!));
        }
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(store.Path)!)); // no temp file left behind

        File.WriteAllText(store.Path, "{ not json");
        Assert.Contains("damaged", Assert.Throws<CliException>(() => store.Load()).Message);
    }
}
