using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs context list|use|delete`: the saved endpoints and credentials.</summary>
internal static class ContextCommands
{
    private static readonly Argument<string> Name = new("NAME") { Description = "The context's name (see: ecs context list)" };

    public static EcsCommand Build() => new EcsCommand("context", "Saved endpoints and credentials (made by ecs login)", "ecs context list")
        .Groups(List(), Use(), Delete());

    private static EcsCommand List() => new EcsCommand("list", "List saved contexts; * marks the current one", "ecs context list")
        .Runs((s, _) =>
        {
            var config = s.Store.Load();
            var rows = config.Contexts.Select(c => new ContextRow(c.Key, c.Value.Url, c.Value.Auth, c.Key == config.CurrentContext)).ToList();
            s.Show(rows, CliJsonContext.Default.ListContextRow, () =>
            {
                if (rows.Count == 0) { s.Terminal.WriteText("No contexts: log in with 'ecs login'."); return; }
                var table = Views.Table("CURRENT", "NAME", "URL", "AUTH");
                foreach (var r in rows) table.Row(r.Current ? "*" : "", r.Name, r.Url, r.Auth);
                s.Terminal.Write(table);
            });
            return Task.CompletedTask;
        });

    private static EcsCommand Use() => new EcsCommand("use", "Make a context the current one", "ecs context use seeweb") { Name }
        .Runs((s, _) =>
        {
            var config = s.Store.Load();
            var name = s.Get(Name)!;
            if (!config.Contexts.ContainsKey(name)) throw new CliException($"no context named '{name}' (see: ecs context list)");
            config.CurrentContext = name;
            s.Store.Save(config);
            s.Show(new Done(), CliJsonContext.Default.Done, () => s.Terminal.WriteText($"Context '{name}' is now current."));
            return Task.CompletedTask;
        });

    private static EcsCommand Delete() => new EcsCommand("delete", "Forget a context and its credentials", "ecs context delete old-lab") { Name }
        .Runs((s, _) =>
        {
            var config = s.Store.Load();
            var name = s.Get(Name)!;
            if (!config.Contexts.Remove(name)) throw new CliException($"no context named '{name}' (see: ecs context list)");
            if (config.CurrentContext == name) config.CurrentContext = null;
            s.Store.Save(config);
            s.Show(new Done(), CliJsonContext.Default.Done, () => s.Terminal.WriteText($"Deleted context '{name}'."));
            return Task.CompletedTask;
        });
}
