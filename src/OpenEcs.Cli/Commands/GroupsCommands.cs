using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs groups ...`.</summary>
internal static class GroupsCommands
{
    private static readonly Argument<string> Id = new("GROUP") { Description = "The group's id or name, e.g. eg100001" };

    public static EcsCommand Build() => new EcsCommand("groups", "Server groups", "ecs groups list").Groups(List(), Create(), Delete());

    private static EcsCommand List() => new EcsCommand("list", "List the account's groups", "ecs groups list")
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var groups = await ecs.Groups.ListAsync(ct);
            s.Show(groups, () =>
            {
                if (groups.Count == 0) { s.Terminal.WriteText("No groups."); return; }
                var table = Views.Table("ID", "NAME", "ENABLED", "NOTES");
                foreach (var g in groups) table.Row(g.Id, g.Name, g.Enabled ? "yes" : "no", g.Notes);
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand Create()
    {
        var notes = new Option<string>("--notes") { Description = "What the group is for", DefaultValueFactory = _ => "" };
        var password = new Option<string?>("--password") { Description = "Makes the group a login of its own that sees only its servers" };
        return new EcsCommand("create", "Create a group", "ecs groups create --notes 'web tier'") { notes, password }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var group = await ecs.Groups.CreateAsync(s.Get(notes) ?? "", s.Get(password), ct);
                s.Show(group, () => s.Terminal.WriteText($"Created group {group.Name} (id {group.Id})."));
            });
    }

    private static EcsCommand Delete() => new EcsCommand("delete", "Delete an empty group", "ecs groups delete eg100001") { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            await ecs.Groups.DeleteAsync(s.Get(Id)!, ct);
            s.Show(new Done(), CliJsonContext.Default.Done, () => s.Terminal.WriteText($"Deleted group {s.Get(Id)}."));
        });
}
