using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace OpenEcs.Cli.Hosting;

/// <summary>A command with a worked example, shown at the end of its --help.</summary>
internal sealed class EcsCommand : Command
{
    public EcsCommand(string name, string description, string example) : base(name, description) => Example = example;

    public string Example { get; }

    /// <summary>Runs <paramref name="body"/> with a session (the parsed options, the terminal, the config).</summary>
    public EcsCommand Runs(Func<CliSession, CancellationToken, Task> body)
    {
        SetAction(async (parse, ct) =>
        {
            await body(CliSession.For(parse), ct);
            return ExitCodes.Success;
        });
        return this;
    }

    /// <summary>A group of subcommands: alone, it shows its help.</summary>
    public EcsCommand Groups(params Command[] subcommands)
    {
        foreach (var sub in subcommands) Subcommands.Add(sub);
        SetAction(parse => new HelpWithExample(new HelpAction()).Invoke(parse));
        return this;
    }
}

/// <summary>--help as usual, followed by the command's example.</summary>
internal sealed class HelpWithExample(HelpAction standard) : SynchronousCommandLineAction
{
    private const string RootExample =
        "ecs login --url http://127.0.0.1:8080 --username admin --password 's3cret-pw'\n" +
        "ecs servers create --plan ECS1 --location it-fr2 --image ubuntu-2404 --notes web-1 --wait\n" +
        "ecs servers list -o json";

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard.Invoke(parseResult);
        var example = parseResult.CommandResult.Command switch
        {
            EcsCommand command => command.Example,
            RootCommand => RootExample,
            _ => "",
        };
        if (example.Length == 0) return code;
        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(example.Contains('\n') ? "Examples:" : "Example:");
        foreach (var line in example.Split('\n')) output.WriteLine("  " + line);
        output.WriteLine();
        return code;
    }
}
