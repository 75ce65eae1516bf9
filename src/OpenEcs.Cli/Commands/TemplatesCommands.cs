using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs templates ...`.</summary>
internal static class TemplatesCommands
{
    private static readonly Argument<string> Id = new("TEMPLATE") { Description = "The template's id or name, e.g. ei200001" };

    public static EcsCommand Build() => new EcsCommand("templates", "Templates captured from servers", "ecs templates list").Groups(List(), Get(), Create(), Delete());

    private static EcsCommand List() => new EcsCommand("list", "List the account's templates", "ecs templates list")
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var templates = await ecs.Templates.ListAsync(ct);
            s.Show(templates, () =>
            {
                if (templates.Count == 0) { s.Terminal.WriteText("No templates."); return; }
                var table = Views.Table("ID", "NAME", "STATUS", "OS", "DISK", "CREATED", "NOTES");
                foreach (var t in templates) table.Row(t.Id, t.Name, Views.State(t.Status), t.SoBase, $"{t.RequiredDisk} GB", t.CreationDate, t.Notes);
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand Get() => new EcsCommand("get", "Show one template", "ecs templates get ei200001") { Id }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var t = await ecs.Templates.GetAsync(s.Get(Id)!, ct);
            s.Show(t, () => s.Terminal.Write(Views.Details(
                ("Id", t.Id), ("Name", t.Name), ("Status", Views.State(t.Status)), ("OS", t.SoBase), ("Disk", $"{t.RequiredDisk} GB"),
                ("Description", t.Description), ("Notes", t.Notes), ("Created", t.CreationDate), ("UUID", t.Uuid))));
        });

    private static EcsCommand Create()
    {
        var server = new Option<string?>("--server") { Description = "Capture this server's disk as it is now", HelpName = "SERVER" };
        var snapshot = new Option<long?>("--snapshot") { Description = "Or: capture this snapshot (its id)", HelpName = "ID" };
        var description = new Option<string?>("--description") { Description = "The template's description" };
        var wait = new Option<bool>("--wait") { Description = "Show the action's progress and return when the template is ready" };
        return new EcsCommand("create", "Capture a template from a server or a snapshot", "ecs templates create --server ec200001 --wait\necs templates create --snapshot 3")
            { server, snapshot, description, wait }
            .Runs(async (s, ct) =>
            {
                if ((s.Get(server) is null) == (s.Get(snapshot) is null)) throw new CliException("give --server or --snapshot", ExitCodes.Usage);
                using var ecs = s.Connect();
                var created = await ecs.Templates.CreateAsync(new CreateTemplateRequest
                {
                    Server = s.Get(server), Snapshot = s.Get(snapshot), Description = s.Get(description),
                }, ct);
                var action = await s.MaybeWaitAsync(ecs, await ecs.Actions.GetAsync(created.ActionId, ct), wait, ct);
                s.Show(created, () => s.Terminal.WriteText(action.IsFinished
                    ? $"Template {created.Template.Name} is ready; create servers with --image {created.Template.Name}."
                    : $"Capturing template {created.Template.Name} (action {action.Id})."));
            });
    }

    private static EcsCommand Delete()
    {
        var wait = new Option<bool>("--wait") { Description = "Show the action's progress and return when the template is deleted" };
        return new EcsCommand("delete", "Delete a template", "ecs templates delete ei200001 --wait") { Id, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var action = await s.MaybeWaitAsync(ecs, await ecs.Templates.DeleteAsync(s.Get(Id)!, ct), wait, ct);
                s.Show(action, () => s.Terminal.WriteText(action.IsFinished ? $"Deleted {action.Resource}." : $"Deleting {action.Resource} (action {action.Id})."));
            });
    }
}
