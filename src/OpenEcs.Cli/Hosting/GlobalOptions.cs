using System.CommandLine;

namespace OpenEcs.Cli.Hosting;

/// <summary>Options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string> Output = new Option<string>("--output", "-o")
    {
        Description = "table (default; for people) or json (the API's objects, for scripts)",
        Recursive = true,
        DefaultValueFactory = _ => "table",
    }.AcceptOnlyFromAmong("table", "json");

    public static readonly Option<string?> Context = new("--context")
    {
        Description = "Use this saved context instead of the current one (see: ecs context list)",
        Recursive = true,
    };
}
