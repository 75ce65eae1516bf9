using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using OpenEcs.Client.Models;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs snapshots ...`: a server's snapshots, rollback to one.</summary>
internal static class SnapshotsCommands
{
    private static readonly Argument<string> Server = new("SERVER") { Description = "The server's name, e.g. ec200001" };
    private static readonly Argument<long> Id = new("SNAPSHOT") { Description = "The snapshot's numeric id" };

    public static EcsCommand Build() => new EcsCommand("snapshots", "Snapshots of a server's disk; rollback", "ecs snapshots list ec200001")
        .Groups(List(), Create(), Delete(), Rollback());

    private static Option<bool> Wait(string what) => new("--wait") { Description = $"Show the action's progress and return when {what}" };

    private static EcsCommand List() => new EcsCommand("list", "List a server's snapshots", "ecs snapshots list ec200001") { Server }
        .Runs(async (s, ct) =>
        {
            using var ecs = s.Connect();
            var snapshots = await ecs.Snapshots.ListAsync(s.Get(Server)!, ct);
            s.Show(snapshots, () =>
            {
                if (snapshots.Count == 0) { s.Terminal.WriteText("No snapshots."); return; }
                var table = Views.Table("ID", "NAME", "STATUS", "PROTECTED", "LAST RESTORED", "CREATED", "DESCRIPTION");
                foreach (var x in snapshots) table.Row(x.Id, x.Name, x.StatusLabel, x.Protected, x.IsLastRestored, x.CreatedAt, x.Description);
                s.Terminal.Write(table);
            });
        });

    private static EcsCommand Create()
    {
        var description = new Option<string?>("--description") { Description = "What the snapshot holds" };
        var keep = new Option<bool>("--protected") { Description = "Periodic snapshots' retention never deletes it" };
        var wait = Wait("the snapshot is taken");
        return new EcsCommand("create", "Take a snapshot of a server", "ecs snapshots create ec200001 --description before-upgrade --wait")
            { Server, description, keep, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var taken = await ecs.Snapshots.CreateAsync(s.Get(Server)!, new SnapshotRequest { Description = s.Get(description), Protected = s.Get(keep) }, ct);
                var action = await s.MaybeWaitAsync(ecs, taken.Action, wait, ct);
                s.Show(taken, () => s.Terminal.WriteText(action.IsFinished
                    ? $"Snapshot {taken.Snapshot.Id} ({taken.Snapshot.Name}) taken."
                    : $"Taking snapshot {taken.Snapshot.Id} (action {action.Id})."));
            });
    }

    private static EcsCommand Delete()
    {
        var wait = Wait("the snapshot is deleted");
        return new EcsCommand("delete", "Delete a snapshot", "ecs snapshots delete ec200001 3 --wait") { Server, Id, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var deleting = await ecs.Snapshots.DeleteAsync(s.Get(Server)!, s.Get(Id), ct);
                var action = await s.MaybeWaitAsync(ecs, deleting.Action, wait, ct);
                s.Show(deleting, () => s.Terminal.WriteText(action.IsFinished ? $"Deleted snapshot {s.Get(Id)}." : $"Deleting snapshot {s.Get(Id)} (action {action.Id})."));
            });
    }

    private static EcsCommand Rollback()
    {
        var wait = Wait("the disk is restored");
        return new EcsCommand("rollback", "Restore a server's disk from one of its snapshots", "ecs snapshots rollback ec200001 3 --wait") { Server, Id, wait }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var action = await s.MaybeWaitAsync(ecs, await ecs.Servers.RollbackAsync(s.Get(Server)!, s.Get(Id), ct), wait, ct);
                s.Show(action, () => s.Terminal.WriteText(action.IsFinished
                    ? $"{s.Get(Server)} restored from snapshot {s.Get(Id)}."
                    : $"Restoring {s.Get(Server)} from snapshot {s.Get(Id)} (action {action.Id})."));
            });
    }
}
