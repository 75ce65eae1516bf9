using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs logs list|get`: the account's audit trail.</summary>
internal static class LogsCommands
{
    private static readonly Argument<long> Id = new("ID") { Description = "The log row's id" };

    public static EcsCommand Build() => new EcsCommand("logs", "The account's audit trail: logins, changes, token use", "ecs logs list --limit 10")
        .Groups(List(), Get());

    private static EcsCommand List()
    {
        var resource = new Option<string?>("--resource") { Description = "Only the rows about this target (a server's name, a token's id)" };
        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 20 };
        var start = new Option<int>("--start") { Description = "Skip this many first", DefaultValueFactory = _ => 0 };
        return new EcsCommand("list", "List the trail, newest first", "ecs logs list --resource ec200001") { resource, limit, start }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var page = await ecs.Logs.ListAsync(Math.Max(0, s.Get(start)), Math.Max(0, s.Get(limit)), s.Get(resource), ct);
                s.Show(page, () =>
                {
                    if (page.Logs.Count == 0) { s.Terminal.WriteText("No logs."); return; }
                    var table = Views.Table("ID", "WHEN", "ACTOR", "ACTION", "TARGET", "STATUS", "FROM");
                    foreach (var l in page.Logs) table.Row(l.Id, l.CreatedAt, l.Actor, l.Action, l.Target, l.Status, l.IpAddress);
                    s.Terminal.Write(table);
                    if (page.TotalLogs > page.Logs.Count) s.Terminal.WriteText($"({page.Logs.Count} of {page.TotalLogs}; see --limit and --start)");
                });
            });
    }

    private static EcsCommand Get() => new EcsCommand("get", "Show one row of the trail", "ecs logs get 480") { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var l = await ecs.Logs.GetAsync(s.Get(Id), ct);
            s.Show(l, () => s.Terminal.Write(Views.Details(
                ("Id", l.Id), ("When", l.CreatedAt), ("Actor", l.Actor), ("Action", l.Action), ("Target", $"{l.TargetType} {l.Target}".Trim()),
                ("Status", $"{l.Status} ({l.Severity}, {l.ResultType} {l.Result})"), ("From", l.IpAddress), ("User agent", l.UserAgent),
                ("URL", l.Url), ("Description", l.Description))));
        });
}
