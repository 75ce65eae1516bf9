using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs scripts ...`: the cloud-script library a server's create can name.</summary>
internal static class ScriptsCommands
{
    private static readonly Argument<long> Id = new("SCRIPT") { Description = "The script's numeric id" };

    public static EcsCommand Build() => new EcsCommand("scripts", "Cloud scripts run once on a new server", "ecs scripts list")
        .Groups(List(), Get(), Create(), Delete());

    private static EcsCommand List() => new EcsCommand("list", "List the account's scripts and the public ones", "ecs scripts list")
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var scripts = await ecs.Scripts.ListAsync(ct);
            s.Show(scripts, () =>
            {
                if (scripts.Count == 0) { s.Terminal.WriteText("No scripts."); return; }
                var table = Views.Table("ID", "TITLE", "WINDOWS", "PUBLIC", "SIZE");
                foreach (var x in scripts) table.Row(x.Id, x.Title, x.Windows, x.Public, $"{x.Content.Length} B");
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand Get() => new EcsCommand("get", "Show one script with its text", "ecs scripts get 7") { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var x = await ecs.Scripts.GetAsync(s.Get(Id), ct);
            s.Show(x, () => s.Terminal.Write(Views.Details(("Id", x.Id), ("Title", x.Title), ("Windows", x.Windows), ("Public", x.Public),
                ("Content", x.Content))));
        });

    private static EcsCommand Create()
    {
        var title = new Option<string>("--title") { Description = "The script's title", Required = true };
        var file = new Option<FileInfo>("--file") { Description = "The script's text (without #! it runs under /bin/sh)", Required = true, HelpName = "FILE" };
        var windows = new Option<bool>("--windows") { Description = "A Windows script" };
        return new EcsCommand("create", "Add a script to the library", "ecs scripts create --title setup --file setup.sh") { title, file, windows }
            .Runs(async (s, ct) =>
            {
                var path = s.Get(file)!;
                if (!path.Exists) throw new CliException($"no such file: {path.FullName}", ExitCodes.Usage);
                using var ecs = s.Connect();
                var x = await ecs.Scripts.CreateAsync(new ScriptRequest
                {
                    Title = s.Get(title), Content = await File.ReadAllTextAsync(path.FullName, ct), Windows = s.Get(windows),
                }, ct);
                s.Show(x, () => s.Terminal.WriteText($"Script {x.Id} added; use it with: ecs servers create ... --script {x.Id}"));
            });
    }

    private static EcsCommand Delete() => new EcsCommand("delete", "Remove a script from the library", "ecs scripts delete 7") { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var x = await ecs.Scripts.DeleteAsync(s.Get(Id), ct);
            s.Show(x, () => s.Terminal.WriteText($"Deleted script {x.Id}."));
        });
}
