using OpenEcs.Cli.Config;
using OpenEcs.Cli.Output;

namespace OpenEcs.Cli.Hosting;

/// <summary>
/// What a run of the tool talks to: its standard streams (and whether they are terminals) and its config file. A
/// process has the console's; a test runs the tool in-process with writers of its own, one host per run.
/// </summary>
internal sealed class CliHost(TextWriter stdout, TextWriter stderr, TextReader stdin, bool stdoutIsTerminal, bool stderrIsTerminal, Func<ConfigStore> store)
{
    private static readonly AsyncLocal<CliHost?> Ambient = new();
    private Terminal? _terminal;

    /// <summary>The host of the run in progress: the one <see cref="EcsCli.RunAsync"/> was given, else the console.</summary>
    public static CliHost Current
    {
        get => Ambient.Value ??= Console();
        set => Ambient.Value = value;
    }

    public static CliHost Console() => new(System.Console.Out, System.Console.Error, System.Console.In,
        !System.Console.IsOutputRedirected, !System.Console.IsErrorRedirected, ConfigStore.Default) { IsConsole = true };

    /// <summary>The process's own standard streams (the serial console reads and writes their bytes directly).</summary>
    public bool IsConsole { get; private init; }

    public TextWriter Stdout { get; } = stdout;
    public TextWriter Stderr { get; } = stderr;
    public TextReader Stdin { get; } = stdin;
    public Terminal Terminal => _terminal ??= new Terminal(Stdout, Stderr, stdoutIsTerminal, stderrIsTerminal);
    public ConfigStore Store() => store();
}
