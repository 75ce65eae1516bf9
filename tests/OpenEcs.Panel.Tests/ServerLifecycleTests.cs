using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>A server's whole life through the panel, in a real browser, as a person clicks it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ServerLifecycleTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task Create_through_the_wizard_watch_it_boot_power_it_use_the_console_see_metrics_and_delete_it()
    {
        using var me = await fx.AccountAsync();
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await page.GotoAsync("/servers");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl=%2Fservers$"));
        await browser.ShotAsync("login-desktop");
        await browser.LoginAsync(me.Username, me.Password);
        await Expect(page.GetByText("No servers yet")).ToBeVisibleAsync();

        // The wizard, a step at a time.
        await page.GetByRole(AriaRole.Link, new() { Name = "Create server" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Create a server" })).ToBeVisibleAsync();
        await page.GetByLabel("eCS2", new() { Exact = true }).CheckAsync();
        await browser.ShotAsync("wizard-plan-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        // eCS2 is not offered in Sofia: the region cannot be picked.
        await Expect(page.GetByLabel("Sofia")).ToBeDisabledAsync();
        await page.GetByLabel("Frosinone").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Basic images" }).ClickAsync();
        await page.Locator("#images-basic").GetByLabel("Debian Linux 12").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("Root password").CheckAsync();
        await page.GetByLabel("Password (empty").FillAsync("Sup3r-secret-pw");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("Script run once").FillAsync("#!/bin/sh\necho hello > /root/hello");
        await page.GetByLabel("Its environment").FillAsync("GREETING=hello");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("Notes").FillAsync("panel-e2e web");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        var summary = page.Locator("[data-summary-list]");
        await Expect(summary).ToContainTextAsync("eCS2");
        await Expect(summary).ToContainTextAsync("Frosinone");
        await Expect(summary).ToContainTextAsync("debian-12");
        await Expect(summary).ToContainTextAsync(new Regex(@"€\d+\.\d{4} per hour · €\d+\.\d{2} per month"));
        await browser.ShotAsync("wizard-summary-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create server" }).ClickAsync();

        // The server's page follows the create without a reload: Booting with progress, then Booted.
        await page.WaitForURLAsync(new Regex("/servers/ec2\\d+$"));
        var name = page.Url.Split('/')[^1];
        await page.EvaluateAsync("() => { window.__samePage = true; }");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Creating {name}");
        var status = page.Locator(".badges [data-field=status]");
        await Expect(status).ToHaveTextAsync(new Regex("Booting|Customizing"));
        await Expect(page.Locator("[data-action] progress")).ToBeVisibleAsync();
        await browser.ShotAsync("server-creating-desktop");
        await Expect(status).ToHaveTextAsync("Booted", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was reloaded");
        await Expect(page.Locator(".badges [data-field=power]")).ToHaveTextAsync("RUNNING");
        await Expect(page.Locator("[data-field=ipv4]")).ToHaveTextAsync(new Regex(@"^\d+\.\d+\.\d+\.\d+$"));
        await Expect(page.Locator("[data-action]")).ToHaveCountAsync(0);

        // What the API says is what the page says.
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var server = await ecs.Servers.GetAsync(name);
        Assert.Equal(("panel-e2e web", "eCS2", "it-fr2", "debian-12"), (server.Notes, server.Plan, server.Location, server.So));
        await Expect(page.Locator(".summary")).ToContainTextAsync(server.Ipv4);

        // Power off and on, each confirmed in a dialog.
        await page.GetByRole(AriaRole.Link, new() { Name = "Power off" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync($"Power off {name}?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Powering off {name}");
        await Expect(page.Locator(".badges [data-field=power]")).ToHaveTextAsync("SHUTOFF", new() { Timeout = 20_000 });
        Assert.Equal("SHUTOFF", (await ecs.Servers.GetStatusAsync(name)).CurrentStatus);
        await page.GetByRole(AriaRole.Link, new() { Name = "Power on" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator(".badges [data-field=power]")).ToHaveTextAsync("RUNNING", new() { Timeout = 20_000 });

        // The console: the simulated shell answers what is typed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-console-note]")).ToContainTextAsync("Connected");
        var rows = page.Locator("[data-terminal] .xterm-rows");
        await Expect(rows).ToContainTextAsync($"root@{name}:~#");
        await page.Keyboard.TypeAsync("echo panel-says-hi-42");
        await page.Keyboard.PressAsync("Enter");
        await Expect(rows.Locator("div", new() { HasTextRegex = new Regex("^panel-says-hi-42\\s*$") })).ToHaveCountAsync(1);

        // Metrics: the charts fill as the sampler runs.
        foreach (var chart in new[] { "cpu", "disk", "network" })
            await Expect(page.Locator($"[data-chart={chart}] canvas")).ToBeVisibleAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("[data-chart=cpu]")).ToHaveAttributeAsync("data-points", new Regex("^[1-9]\\d*$"), new() { Timeout = 20_000 });
        await page.GetByLabel("Window").SelectOptionAsync("6h");
        await Expect(page.Locator("[data-metrics-note]")).ToContainTextAsync("Samples of the chosen window");
        await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
        await Expect(rows).ToContainTextAsync($"root@{name}:~#");
        await browser.ShotAsync("server-details-desktop");

        // The list shows it with its badges; its row menu deletes it after a confirmation.
        await page.GetByRole(AriaRole.Link, new() { Name = "Servers", Exact = true }).ClickAsync();
        var row = page.Locator($"tr[data-server={name}]");
        await Expect(row.Locator("[data-field=status]")).ToHaveTextAsync("Booted");
        await Expect(row.Locator("[data-field=power]")).ToHaveTextAsync("RUNNING");
        await page.GetByLabel("Search by name or notes").FillAsync("e2e web");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(row).ToBeVisibleAsync();
        await browser.ShotAsync("servers-desktop");
        await row.GetByText("Actions").ClickAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Deleting {name}");
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Assert.ThrowsAsync<Client.EcsNotFoundException>(() => ecs.Servers.GetAsync(name));
        browser.AssertNoErrors();
    }
}
