using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using OpenEcs.Cli.Commands;
using OpenEcs.Client;

namespace OpenEcs.Cli.Hosting;

/// <summary>The `ecs` command tree, and one run of it: parse, act, and on any failure one line on stderr.</summary>
internal static class EcsCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("ecs: cloud servers on Seeweb ECS or OpenECS, from the terminal. Start with: ecs login --help")
        {
            GlobalOptions.Output, GlobalOptions.Context,
            LoginCommand.Build(), ContextCommands.Build(), ServersCommands.Build(), ActionsCommands.Build(), CatalogCommands.Plans(),
            CatalogCommands.Regions(), CatalogCommands.Images(), TemplatesCommands.Build(), ScriptsCommands.Build(), SnapshotsCommands.Build(), NetworksCommands.Build(), GroupsCommands.Build(), KeysCommands.SshKeys(),
            KeysCommands.ApiKeys(), BillingCommands.Build(), LogsCommands.Build(),
        };
        foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new HelpWithExample(new HelpAction());
        root.SetAction(parse => new HelpWithExample(new HelpAction()).Invoke(parse));
        return root;
    }

    /// <summary>One run: <paramref name="host"/> (default: the console) gets its output; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliHost? host = null, CancellationToken ct = default)
    {
        if (host is not null) CliHost.Current = host;
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            // "Required command was not provided" comes first but says less than an unrecognized word does.
            var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) ?? parse.Errors[0];
            return Fail($"{error.Message} (see: {PathOf(parse.CommandResult)} --help)", ExitCodes.Usage);
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false, Output = CliHost.Current.Stdout, Error = CliHost.Current.Stderr,
            }, ct);
        }
        catch (Exception e)
        {
            var (message, code) = Describe(e);
            return Fail(message, code);
        }
    }

    /// <summary>"ecs servers create": the command as typed, for a pointer to its help.</summary>
    private static string PathOf(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>What went wrong, in words a user can act on, and the exit code.</summary>
    private static (string Message, int Code) Describe(Exception e) => e switch
    {
        CliException c => (c.Message, c.ExitCode),
        EcsApiException api => ($"{api.Message} (HTTP {(int)api.StatusCode} {api.Status})", ExitCodes.Failure),
        EcsException ecs => (ecs.Message, ExitCodes.Failure),
        HttpRequestException http => ($"cannot reach the API: {http.Message}", ExitCodes.Failure),
        TaskCanceledException { InnerException: TimeoutException } => ("the API did not answer in time", ExitCodes.Failure),
        OperationCanceledException => ("cancelled", ExitCodes.Cancelled),
        TimeoutException t => (t.Message, ExitCodes.Failure),
        IOException or UnauthorizedAccessException => ($"cannot use the config file: {e.Message}", ExitCodes.Failure),
        _ => ($"unexpected {e.GetType().Name}: {e.Message}", ExitCodes.Failure),
    };

    private static int Fail(string message, int code)
    {
        CliHost.Current.Stderr.WriteLine("ecs: error: " + message.ReplaceLineEndings(" ").Trim());
        return code;
    }
}
