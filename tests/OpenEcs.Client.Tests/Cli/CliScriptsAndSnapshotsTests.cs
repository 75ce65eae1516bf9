using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Cli;

/// <summary>`ecs scripts ...` and `ecs snapshots ...` against a real server: what they print, what the API then holds, and their refusals.</summary>
[Collection(Support.SharedServer.Name)]
public sealed class CliScriptsAndSnapshotsTests(EcsServerFixture fx)
{
    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private async Task<(CliInProcess Ecs, EcsClient Api)> SignedInAsync(string hint)
    {
        var me = await fx.AccountAsync(hint);
        var ecs = new CliInProcess();
        (await ecs.RunAsync("login", "--url", fx.Server.BaseAddress.ToString(), "--token", me.Token)).Ok();
        return (ecs, Support.Sdk.For(fx.Server, me.Token));
    }

    [Fact]
    public async Task Scripts_are_added_shown_used_by_a_create_and_deleted()
    {
        var (ecs, api) = await SignedInAsync("cli-scripts");
        using var _ = api;
        Assert.Contains("No scripts.", (await ecs.RunAsync("scripts", "list")).Ok().StdOut);

        var file = Path.Combine(TempDir.Create(), "setup.sh");
        await File.WriteAllTextAsync(file, "#!/bin/sh\necho hello > /root/hello\n");
        var added = (await ecs.RunAsync("scripts", "create", "--title", "setup", "--file", file, "-o", "json")).Json();
        var id = (long)added["id"]!;
        Assert.Equal(("setup", "#!/bin/sh\necho hello > /root/hello\n"), ((await api.Scripts.GetAsync(id)).Title, (await api.Scripts.GetAsync(id)).Content));
        var said = (await ecs.RunAsync("scripts", "create", "--title", "second", "--file", file, "--windows")).Ok().StdOut.Trim();
        var secondId = Assert.Single(await api.Scripts.ListAsync(), s => s.Title == "second").Id;
        Assert.Equal($"Script {Id(secondId)} added; use it with: ecs servers create ... --script {Id(secondId)}", said);

        var list = await ecs.RunAsync("scripts", "list");
        Assert.Equal(["setup", "False", "False"], list.Ok().Row(Id(id))[1..4]);
        Assert.Contains(list.StdOut.Split('\n'), l => l.Contains("second", StringComparison.Ordinal) && l.Contains("True", StringComparison.Ordinal));
        Assert.Equal(2, (await ecs.RunAsync("scripts", "list", "-o", "json")).Json().AsArray().Count);
        Assert.Contains("echo hello > /root/hello", (await ecs.RunAsync("scripts", "get", Id(id))).Ok().StdOut);

        // A create names it by id, and the server boots with it.
        var server = (await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "debian-12",
            "--notes", "scripted", "--script", Id(id), "--wait", "-o", "json")).Json()["server"]!;
        Assert.Equal("Booted", (await api.Servers.GetAsync((string)server["name"]!)).Status);
        (await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "debian-12",
            "--script", Id(id), "--user-customize", file)).Failed(exitCode: 2, mentioning: "not both");
        (await ecs.RunAsync("servers", "create", "--plan", "ECS1", "--location", "it-fr2", "--image", "debian-12",
            "--script", "99999999")).Failed(mentioning: "script 99999999");

        // Refusals: the command line's (exit 2) and the API's (exit 1), one line each.
        (await ecs.RunAsync("scripts", "create", "--title", "x", "--file", "/nonexistent/setup.sh")).Failed(exitCode: 2, mentioning: "no such file");
        (await ecs.RunAsync("scripts", "create", "--file", file)).Failed(exitCode: 2, mentioning: "--title");
        (await ecs.RunAsync("scripts", "get", "seven")).Failed(exitCode: 2, mentioning: "seven");
        (await ecs.RunAsync("scripts", "get", "99999999")).Failed(mentioning: "not found");
        var (other, otherApi) = await SignedInAsync("cli-scripts-other");
        using (otherApi)
        {
            (await other.RunAsync("scripts", "get", Id(id))).Failed(mentioning: "not found");
            (await other.RunAsync("scripts", "delete", Id(id))).Failed(mentioning: "not found");
        }
        Assert.Equal("setup", (await api.Scripts.GetAsync(id)).Title);

        // The library's limit (20) is the API's refusal.
        for (var i = 2; i < 20; i++) await api.Scripts.CreateAsync(new() { Title = $"filler {i}", Content = "true" });
        (await ecs.RunAsync("scripts", "create", "--title", "one too many", "--file", file)).Failed(mentioning: "library full");

        Assert.Equal($"Deleted script {Id(id)}.", (await ecs.RunAsync("scripts", "delete", Id(id))).Ok().StdOut.Trim());
        Assert.DoesNotContain(await api.Scripts.ListAsync(), s => s.Id == id);
        (await ecs.RunAsync("scripts", "delete", Id(id))).Failed(mentioning: "not found");
    }

    [Fact]
    public async Task Snapshots_are_taken_listed_rolled_back_and_deleted()
    {
        var (ecs, api) = await SignedInAsync("cli-snaps");
        using var _ = api;
        var created = await api.Servers.CreateAsync(new() { Plan = "ECS1", Location = "it-fr2", Image = "debian-12", Notes = "snapped" });
        await api.WaitForActionAsync(created.ActionId);
        var name = created.Server.Name;
        Assert.Contains("No snapshots.", (await ecs.RunAsync("snapshots", "list", name)).Ok().StdOut);

        var taken = (await ecs.RunAsync("snapshots", "create", name, "--description", "before", "--wait")).Ok().StdOut;
        var first = Assert.Single(await api.Snapshots.ListAsync(name));
        Assert.Equal($"Snapshot {Id(first.Id)} ({first.Name}) taken.", taken.Trim());
        Assert.Equal(("before", "CD", false), (first.Description, first.Status, first.Protected));
        var kept = (await ecs.RunAsync("snapshots", "create", name, "--protected", "-o", "json")).Json();
        var second = (long)kept["snapshot"]!["id"]!;
        Assert.True((bool)kept["snapshot"]!["protected"]!);
        await api.WaitForActionAsync((long)kept["action"]!["id"]!);

        var table = await ecs.RunAsync("snapshots", "list", name);
        Assert.Equal([first.Name, "Created", "False", "False"], table.Ok().Row(Id(first.Id))[1..5]);
        Assert.Equal("True", table.Row(Id(second))[3]);
        Assert.Equal(2, (await ecs.RunAsync("snapshots", "list", name, "-o", "json")).Json().AsArray().Count);

        // Rollback: with --wait it returns restored; without, it names the action to follow.
        Assert.Contains($"{name} restored from snapshot {Id(first.Id)}.", (await ecs.RunAsync("snapshots", "rollback", name, Id(first.Id), "--wait")).Ok().StdOut);
        Assert.True((await api.Snapshots.GetAsync(name, first.Id)).IsLastRestored);
        var rollback = (await ecs.RunAsync("snapshots", "rollback", name, Id(second), "-o", "json")).Json();
        Assert.Equal("rollback", (string)rollback["type"]!);
        Assert.Equal(ActionStatus.Completed, (await api.WaitForActionAsync((long)rollback["id"]!)).Status);
        Assert.True((await api.Snapshots.GetAsync(name, second)).IsLastRestored);
        Assert.False((await api.Snapshots.GetAsync(name, first.Id)).IsLastRestored);

        // Refusals: unknown server or snapshot, another account's server, a bad id, a missing argument.
        (await ecs.RunAsync("snapshots", "rollback", name, "99999999")).Failed(mentioning: "not found");
        (await ecs.RunAsync("snapshots", "list", "ec299999999")).Failed(mentioning: "not found");
        (await ecs.RunAsync("snapshots", "delete", name, "99999999")).Failed(mentioning: "not found");
        (await ecs.RunAsync("snapshots", "rollback", name, "latest")).Failed(exitCode: 2, mentioning: "latest");
        (await ecs.RunAsync("snapshots", "create")).Failed(exitCode: 2, mentioning: "required argument missing");
        var (other, otherApi) = await SignedInAsync("cli-snaps-other");
        using (otherApi)
        {
            (await other.RunAsync("snapshots", "list", name)).Failed(mentioning: "not found");
            (await other.RunAsync("snapshots", "create", name)).Failed(mentioning: "not found");
            (await other.RunAsync("snapshots", "rollback", name, Id(first.Id))).Failed(mentioning: "not found");
        }
        Assert.Equal(2, (await api.Snapshots.ListAsync(name)).Count);

        Assert.Equal($"Deleted snapshot {Id(first.Id)}.", (await ecs.RunAsync("snapshots", "delete", name, Id(first.Id), "--wait")).Ok().StdOut.Trim());
        Assert.Equal([second], (await api.Snapshots.ListAsync(name)).Select(s => s.Id));
        // A deleted snapshot can no longer be restored.
        (await ecs.RunAsync("snapshots", "rollback", name, Id(first.Id))).Failed(mentioning: "not found");
    }
}
