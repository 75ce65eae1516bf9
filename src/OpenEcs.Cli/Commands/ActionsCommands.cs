using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs actions ...`.</summary>
internal static class ActionsCommands
{
    private static readonly Argument<long> Id = new("ID") { Description = "The action's id" };

    public static EcsCommand Build() => new EcsCommand("actions", "Asynchronous actions: list, inspect, follow", "ecs actions list --resource ec200001")
        .Groups(List(), Get(), Watch());

    private static EcsCommand List()
    {
        var resource = new Option<string?>("--resource") { Description = "Only the actions of this server or template" };
        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 20 };
        var start = new Option<int>("--start") { Description = "Skip this many first", DefaultValueFactory = _ => 0 };
        return new EcsCommand("list", "List actions, newest first", "ecs actions list --limit 5") { resource, limit, start }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var page = await ecs.Actions.ListAsync(Math.Max(0, s.Get(start)), Math.Max(0, s.Get(limit)), s.Get(resource), ct);
                s.Show(page, () =>
                {
                    if (page.Actions.Count == 0) { s.Terminal.WriteText("No actions."); return; }
                    var table = Views.Table("ID", "TYPE", "RESOURCE", "STATUS", "PROGRESS", "CREATED", "COMPLETED");
                    foreach (var a in page.Actions) table.Row(a.Id, a.Type, a.Resource, Views.State(a.Status), Views.Percent(a.Progress), a.CreatedAt, Views.Time(a.CompletedAt));
                    s.Terminal.Write(table);
                    if (page.TotalActions > page.Actions.Count) s.Terminal.WriteText($"({page.Actions.Count} of {page.TotalActions}; see --limit and --start)");
                });
            });
    }

    private static EcsCommand Get() => new EcsCommand("get", "Show one action", "ecs actions get 42") { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var action = await ecs.Actions.GetAsync(s.Get(Id), ct);
            s.Show(action, () => s.Terminal.Write(Describe(action)));
        });

    private static EcsCommand Watch() => new EcsCommand("watch", "Follow an action with a progress bar until it ends (exit 1 if it fails)", "ecs actions watch 42")
        { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var done = await ActionProgress.WaitAsync(ecs, s.Terminal, await ecs.Actions.GetAsync(s.Get(Id), ct), ct);
            s.Show(done, () => s.Terminal.Write(Describe(done)));
        });

    private static Spectre.Console.Grid Describe(EcsAction a) => Views.Details(
        ("Id", a.Id), ("Type", a.Type), ("Resource", $"{a.Resource} ({a.ResourceType})"), ("Status", Views.State(a.Status)),
        ("Progress", Views.Percent(a.Progress)), ("Created", a.CreatedAt), ("Started", Views.Time(a.StartedAt)),
        ("Completed", Views.Time(a.CompletedAt)), ("User", a.User), ("Message", a.Message));
}
