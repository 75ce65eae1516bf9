using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace OpenEcs.Server.Cli;

/// <summary>
/// `openecs [serve] [--Key=Value ...]`, `openecs accounts add|list`. Words the parser does not know are configuration
/// for the host (`--urls ...`, `--OpenEcs:DataDir=...`), exactly as ASP.NET Core reads them.
/// </summary>
public static class ServerCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var serve = new Command("serve", "Run the API server (also what happens with no command)") { TreatUnmatchedTokensAsErrors = false };
        serve.SetAction((parse, _) => ServeCommand.RunAsync([.. parse.UnmatchedTokens]));
        var root = new RootCommand("openecs: the OpenECS server, the Seeweb ECS v2 Cloud Server API on your own hosts")
        {
            serve, AccountsCommand.Build(), AgentCommand.Build(), HostsCommand.Build(),
        };
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, _) =>
        {
            // A bare word first is a mistyped command, not a setting (the host would silently ignore it).
            if (args is [var first, ..] && !first.StartsWith('-') && !first.StartsWith('/') && !first.Contains('='))
            {
                Console.Error.WriteLine($"openecs: unknown command '{first}' (see: openecs --help)");
                return Task.FromResult(1);
            }
            return ServeCommand.RunAsync([.. parse.UnmatchedTokens]);
        });
        foreach (var help in root.Options.OfType<HelpOption>()) help.Action = new HelpWithSettings(new HelpAction());
        foreach (var help in serve.Options.OfType<HelpOption>()) help.Action = new HelpWithSettings(new HelpAction());

        // Configuration values may start with '@': no response files.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // The host handles SIGTERM and SIGINT itself (a graceful stop, exit 0): no termination handling of the parser's.
        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
    }
}
