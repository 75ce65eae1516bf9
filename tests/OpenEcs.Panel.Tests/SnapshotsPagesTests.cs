using Microsoft.Playwright;
using OpenEcs.Client;
using OpenEcs.Client.Models;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>A server's snapshots, periodic snapshots, support and reservation from its page, checked against the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SnapshotsPagesTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task Snapshots_are_taken_rolled_back_made_templates_and_deleted_from_the_server_page()
    {
        using var me = await fx.AccountAsync("snaps");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "snap me" });
        await ecs.WaitForActionAsync(created.ActionId);
        var name = created.Server.Name;
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);
        await page.GotoAsync($"/servers/{name}");
        var section = page.Locator("#snapshots");
        await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "Snapshots", Exact = true })).ToBeVisibleAsync();
        await Expect(section.GetByText("No snapshots yet.")).ToBeVisibleAsync();

        // Take two: the second protected.
        await section.GetByLabel("Description of the new snapshot").FillAsync("before the upgrade");
        await section.GetByRole(AriaRole.Button, new() { Name = "Take snapshot" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Taking snapshot");
        Assert.Equal(ActionStatus.Completed, (await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page))).Status);
        await section.GetByLabel("Description of the new snapshot").FillAsync("keep me");
        await section.GetByLabel("Protected").CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Take snapshot" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Taking snapshot");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        var snapshots = (await ecs.Snapshots.ListAsync(name)).OrderBy(s => s.Id).ToList();
        Assert.Equal(["before the upgrade", "keep me"], snapshots.Select(s => s.Description));
        Assert.Equal([false, true], snapshots.Select(s => s.Protected));
        var (first, second) = (snapshots[0], snapshots[1]);
        await page.ReloadAsync();
        await Expect(section.Locator($"tr[data-snapshot='{first.Id}']")).ToContainTextAsync(first.StatusLabel);
        await Expect(section.Locator($"tr[data-snapshot='{second.Id}']")).ToContainTextAsync("protected");

        // Rollback asks first; cancelling restores nothing, confirming runs the rollback to its end.
        await section.GetByRole(AriaRole.Button, new() { Name = $"Rollback to {first.Name}" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"Roll {name} back to {first.Name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.DoesNotContain((await ecs.Actions.ListAsync(0, 50, name)).Actions, a => a.Type == "rollback");
        await section.GetByRole(AriaRole.Button, new() { Name = $"Rollback to {first.Name}" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Restoring {name} from snapshot {first.Id}");
        var rollback = await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal(("rollback", ActionStatus.Completed), (rollback.Type, rollback.Status));
        Assert.True((await ecs.Snapshots.GetAsync(name, first.Id)).IsLastRestored);
        Assert.NotNull((await ecs.Servers.GetAsync(name)).LastRestoredSnapshot);
        await page.ReloadAsync();
        await Expect(section.Locator($"tr[data-snapshot='{first.Id}']")).ToContainTextAsync("last restored");

        // A template from a snapshot.
        await section.GetByRole(AriaRole.Button, new() { Name = $"Make template of {second.Name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"of snapshot {second.Id}");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal("Created", Assert.Single(await ecs.Templates.ListAsync()).Status);

        // Delete, after a confirmation.
        await section.GetByRole(AriaRole.Button, new() { Name = $"Delete {first.Name}" }).ClickAsync();
        await Expect(dialog).ToContainTextAsync($"Delete the snapshot {first.Name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Deleting snapshot {first.Name}");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal([second.Id], (await ecs.Snapshots.ListAsync(name)).Select(s => s.Id));
        await page.ReloadAsync();
        await Expect(section.Locator("tr[data-snapshot]")).ToHaveCountAsync(1);
        await browser.AssertAccessibleAsync();
        await browser.ShotAsync("server-snapshots-desktop");
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Periodic_snapshots_support_and_a_reservation_are_set_from_the_server_page()
    {
        using var me = await fx.AccountAsync("sched");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "weekly" });
        await ecs.WaitForActionAsync(created.ActionId);
        var name = created.Server.Name;
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);
        await page.GotoAsync($"/servers/{name}");
        var section = page.Locator("#snapshots");

        // Start: what the form says is the API's schedule.
        await section.GetByLabel("Day", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Wednesday" });
        await section.GetByLabel("Hour (UTC").FillAsync("3");
        await section.GetByLabel("Minute", new() { Exact = true }).FillAsync("30");
        await section.GetByLabel("Snapshots kept").FillAsync("2");
        await section.GetByRole(AriaRole.Button, new() { Name = "Start periodic snapshots" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Periodic snapshots saved: next at");
        var schedule = await ecs.Snapshots.GetScheduleAsync(name);
        Assert.Equal((3, 3, 30, 2, true), (schedule.Infos.DayOfWeek, schedule.Infos.Hour, schedule.Infos.Minute, schedule.Infos.MaxRetention, schedule.Enabled));
        await Expect(section.Locator("[data-schedule]")).ToContainTextAsync("Weekly on Wednesday at 03:30 UTC, keeping 2 unprotected");

        // Outside the docs' window: the API's refusal in its words (past the form's own limit, as a script could send it).
        await section.GetByLabel("Hour (UTC").EvaluateAsync("e => e.removeAttribute('max')");
        await section.GetByLabel("Hour (UTC").FillAsync("9");
        await section.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("hour must be 0 to 5");
        Assert.Equal(3, (await ecs.Snapshots.GetScheduleAsync(name)).Infos.Hour);

        // Pause, then stop after a confirmation.
        await section.GetByLabel("Enabled", new() { Exact = true }).UncheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Save schedule" }).ClickAsync();
        await Expect(section.Locator("[data-schedule]")).ToContainTextAsync("paused");
        Assert.False((await ecs.Snapshots.GetScheduleAsync(name)).Enabled);
        await section.GetByRole(AriaRole.Button, new() { Name = "Stop periodic snapshots" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Periodic snapshots stopped; the snapshots taken stay.");
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Snapshots.GetScheduleAsync(name));

        // Support: set and removed.
        var terms = page.Locator("#terms");
        await terms.GetByLabel("Support plan").SelectOptionAsync("global");
        await terms.GetByRole(AriaRole.Button, new() { Name = "Set support" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} has");
        Assert.Equal("global", (await ecs.Servers.GetAsync(name)).Support?.SupportCode);
        await Expect(terms.Locator("[data-field=support]")).ToContainTextAsync("global", new() { IgnoreCase = true });
        await terms.GetByLabel("Support plan").SelectOptionAsync("unmanaged");
        await terms.GetByRole(AriaRole.Button, new() { Name = "Set support" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("unmanaged now");
        Assert.Null((await ecs.Servers.GetAsync(name)).Support);

        // A reservation, confirmed: then the API refuses the delete, and the page says so in the API's words.
        await terms.GetByLabel("Reserve the eCS1 plan").SelectOptionAsync("3");
        await terms.GetByRole(AriaRole.Button, new() { Name = "Reserve" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"{name} is reserved for 3 months");
        var server = await ecs.Servers.GetAsync(name);
        Assert.True(server.IsReserved);
        Assert.Equal(3, Assert.Single(server.ReservedPlans).ReservedMonths);
        await Expect(terms.Locator("[data-field=reserved]")).ToContainTextAsync("until");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete" }).First.ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("reserved until");
        Assert.Equal("weekly", (await ecs.Servers.GetAsync(name)).Notes);
        await browser.AssertAccessibleAsync();
        browser.AssertNoErrors();
    }
}
