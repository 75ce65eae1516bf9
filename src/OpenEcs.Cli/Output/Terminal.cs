using Spectre.Console;
using Spectre.Console.Rendering;

namespace OpenEcs.Cli.Output;

/// <summary>
/// Where output goes: results to stdout, progress and notes to stderr (so that `-o json` output stays clean for a
/// pipe). Colours, live progress and terminal widths only where a stream is a terminal; redirected, it is plain text
/// with nothing cut to fit (NO_COLOR is honoured too).
/// </summary>
internal sealed class Terminal
{
    private readonly bool _outIsTerminal;

    public Terminal(TextWriter stdout, TextWriter stderr, bool stdoutIsTerminal, bool stderrIsTerminal)
    {
        _outIsTerminal = stdoutIsTerminal;
        Out = Create(stdout, stdoutIsTerminal);
        Err = Create(stderr, stderrIsTerminal);
        ErrIsInteractive = stderrIsTerminal;
    }

    /// <summary>Results: tables, values, JSON.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Progress and remarks.</summary>
    public IAnsiConsole Err { get; }

    /// <summary>True when stderr is a terminal that can redraw a live progress bar.</summary>
    public bool ErrIsInteractive { get; }

    /// <summary>Writes a table or grid to stdout; redirected, without the padding that trails each line.</summary>
    public void Write(IRenderable renderable)
    {
        if (_outIsTerminal)
        {
            Out.Write(renderable);
            return;
        }
        var text = new StringWriter();
        Create(text, terminal: false).Write(renderable);
        foreach (var line in text.ToString().TrimEnd('\n').Split('\n')) WriteText(line.TrimEnd());
    }

    /// <summary>Writes plain text to stdout exactly as given (no markup, no wrapping).</summary>
    public void WriteText(string text) => Out.Profile.Out.Writer.WriteLine(text);

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output has no width: tables keep their natural width rather than wrap at 80 columns.
        if (!terminal) console.Profile.Width = 1000;
        return console;
    }
}
