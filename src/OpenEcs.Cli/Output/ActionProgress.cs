using System.Diagnostics;
using OpenEcs.Client;
using OpenEcs.Client.Models;
using Spectre.Console;

namespace OpenEcs.Cli.Output;

/// <summary>
/// Waits for an action and shows it on stderr: a live progress bar on a terminal, one line per change otherwise
/// (a log or a test reads those). Returns the completed action; a failed one throws.
/// </summary>
internal static class ActionProgress
{
    public static async Task<EcsAction> WaitAsync(EcsClient client, Terminal terminal, EcsAction action, CancellationToken ct)
    {
        var label = $"{action.Type} {action.Resource}";
        return terminal.ErrIsInteractive
            ? await LiveAsync(client, terminal.Err, action.Id, label, ct)
            : await LinesAsync(client, terminal.Err, action.Id, label, ct);
    }

    private static async Task<EcsAction> LiveAsync(EcsClient client, IAnsiConsole err, long id, string label, CancellationToken ct) =>
        await err.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: 100);
                try
                {
                    var done = await client.WaitForActionAsync(id, new Reporter(a => task.Value = a.Progress), cancellationToken: ct);
                    task.Value = 100;
                    task.Description = $"{Markup.Escape(label)} [green]completed[/]";
                    return done;
                }
                catch (EcsActionFailedException)
                {
                    task.Description = $"{Markup.Escape(label)} [red]failed[/]";
                    task.StopTask();
                    throw;
                }
            });

    private static async Task<EcsAction> LinesAsync(EcsClient client, IAnsiConsole err, long id, string label, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var writer = err.Profile.Out.Writer;
        var done = await client.WaitForActionAsync(id,
            new Reporter(a => writer.WriteLine($"{label}: {Bar(a.Progress)} {Views.Percent(a.Progress)} {a.Status}")), cancellationToken: ct);
        writer.WriteLine($"{label}: completed in {clock.Elapsed.TotalSeconds:0.0}s");
        return done;
    }

    /// <summary>A text bar for logs: [#####.....].</summary>
    private static string Bar(int progress)
    {
        var filled = Math.Clamp(progress, 0, 100) / 5;
        return "[" + new string('#', filled) + new string('.', 20 - filled) + "]";
    }

    /// <summary>Reports on the polling thread, in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class Reporter(Action<EcsAction> report) : IProgress<EcsAction>
    {
        public void Report(EcsAction value) => report(value);
    }
}
