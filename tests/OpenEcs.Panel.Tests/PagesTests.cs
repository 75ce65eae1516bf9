using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenEcs.Client;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>Every main page at desktop and phone sizes: screenshots for a person to look at, axe for the machine, forms that work.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesTests(PanelFixture fx)
{
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo+AvH4FMp6Bigq/s+SdUe9MHIIOQKnfDEquYL6s8 me@laptop";

    [BrowserFact]
    public async Task The_main_pages_are_accessible_and_shot_at_desktop_and_phone_sizes()
    {
        using var me = await fx.AccountAsync("shots");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        await ecs.SshKeys.AddAsync("laptop", PublicKey);
        var group = await ecs.Groups.CreateAsync("web tier");
        var web = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "web-1", Group = group.Name });
        var db = await ecs.Servers.CreateAsync(new() { Plan = "eCS3", Location = "it-mi2", Image = "debian-12", Notes = "db-1" });
        await ecs.WaitForActionAsync(web.ActionId);
        await ecs.WaitForActionAsync(db.ActionId);
        await ecs.Servers.PowerOffAsync(db.Server.Name);
        var template = await ecs.Templates.CreateAsync(new() { Server = web.Server.Name, Notes = "golden web" });
        await ecs.WaitForActionAsync(template.ActionId);
        await ecs.ApiKeys.CreateAsync("ci pipeline");

        var pages = new (string Name, string Path, string Heading)[]
        {
            ("servers", "/servers", "Servers"),
            ("create", "/servers/new", "Create a server"),
            ("server", $"/servers/{web.Server.Name}", web.Server.Name),
            ("actions", "/actions", "Actions"),
            ("templates", "/templates", "Templates"),
            ("scripts", "/scripts", "Cloud scripts"),
            ("billing", "/billing", "Billing"),
            ("logs", "/logs", "Logs"),
            ("groups", "/groups", "Groups"),
            ("sshkeys", "/sshkeys", "SSH keys"),
            ("tokens", "/tokens", "API tokens"),
            ("account", "/account", "Account"),
        };
        foreach (var (size, viewport) in new[] { ("desktop", BrowserSession.Desktop), ("phone", BrowserSession.Phone) })
        {
            await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server, viewport);
            await browser.LoginAsync(me.Username, me.Password);
            foreach (var (name, path, heading) in pages)
            {
                await browser.Page.GotoAsync(path);
                await Expect(browser.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
                if (name == "server") await Expect(browser.Page.Locator("[data-chart=cpu] canvas")).ToBeVisibleAsync();
                // axe on every page at desktop size; at phone size the markup is the same but for the folded menu.
                if (size == "desktop" || name == "servers") await browser.AssertAccessibleAsync();
                // Nothing sticks out sideways: wide tables scroll inside their own box.
                Assert.True(await browser.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
                    $"{path} is wider than the {size} screen");
                await browser.ShotAsync($"{name}-{size}");
            }
            if (size == "phone")
            {
                // The menu folds behind a button on a phone.
                var menu = browser.Page.GetByRole(AriaRole.Button, new() { Name = "Menu" });
                await Expect(browser.Page.GetByRole(AriaRole.Link, new() { Name = "Templates" })).ToBeHiddenAsync();
                await menu.ClickAsync();
                await Expect(menu).ToHaveAttributeAsync("aria-expanded", "true");
                await Expect(browser.Page.GetByRole(AriaRole.Link, new() { Name = "Templates" })).ToBeVisibleAsync();
                await browser.ShotAsync("menu-phone");
            }
            browser.AssertNoErrors();
        }
    }

    [BrowserFact]
    public async Task Keys_groups_tokens_templates_and_the_password_are_managed_from_their_pages()
    {
        using var me = await fx.AccountAsync("forms");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);

        // SSH keys: add, and the API's refusal of a duplicate label shown as its message.
        await page.GotoAsync("/sshkeys");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("laptop");
        await page.GetByLabel("Public key").FillAsync(PublicKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add key" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Key laptop added.");
        await page.GetByLabel("Label", new() { Exact = true }).FillAsync("laptop");
        await page.GetByLabel("Public key").FillAsync(PublicKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add key" }).ClickAsync();
        var duplicate = await Assert.ThrowsAsync<EcsConflictException>(() => ecs.SshKeys.AddAsync("laptop", PublicKey));
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(duplicate.Message);
        Assert.Equal("laptop", Assert.Single(await ecs.SshKeys.ListAsync()).Label);

        // Groups: create one with a password (a login of its own), delete it after a confirmation.
        await page.GotoAsync("/groups");
        await page.GetByLabel("Notes").FillAsync("blue team");
        await page.GetByLabel("Password (optional").FillAsync("group-password-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create group" }).ClickAsync();
        var group = Assert.Single(await ecs.Groups.ListAsync());
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Group {group.Name} created.");
        await ecs.LoginAsync(group.Name, "group-password-2");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {group.Name}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Group {group.Name} deleted.");
        Assert.Empty(await ecs.Groups.ListAsync());

        // API tokens: shown once, then never again.
        await page.GotoAsync("/tokens");
        await page.GetByLabel("Notes").First.FillAsync("deploy bot");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await page.Locator("[data-token]").InnerTextAsync();
        using (var withToken = PanelFixture.Sdk(fx.Server, token))
            Assert.Equal(me.Username, (await withToken.Account.GetAsync()).Username);
        await page.GotoAsync("/tokens");
        Assert.DoesNotContain(token, await page.ContentAsync());
        Assert.Contains(await ecs.ApiKeys.ListAsync(), k => k.Notes == "deploy bot");

        // Templates: captured from a server's page, renamed and deleted from the templates page.
        var server = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "to capture" });
        await ecs.WaitForActionAsync(server.ActionId);
        await page.GotoAsync($"/servers/{server.Server.Name}");
        await page.GetByLabel("Notes", new() { Exact = true }).FillAsync("golden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create template" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Capturing template");
        var captured = Assert.Single(await ecs.Templates.ListAsync());
        Assert.Equal("golden", captured.Notes);
        await page.GotoAsync("/templates");
        await page.GetByLabel($"Description of {captured.Name}").FillAsync("nginx ready");
        await page.Locator("tr", new() { HasText = captured.Name }).GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Template {captured.Name} saved.");
        Assert.Equal("nginx ready", (await ecs.Templates.GetAsync(captured.Name)).Description);

        // The password: the current one is asked for and checked.
        await page.GotoAsync("/account");
        await page.GetByLabel("Current password").FillAsync("not-my-password");
        await page.GetByLabel("New password (at least").FillAsync("new-password-789");
        await page.GetByLabel("New password again").FillAsync("new-password-789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The current password is wrong.");
        await ecs.LoginAsync(me.Username, me.Password);
        await page.GetByLabel("Current password").FillAsync(me.Password);
        await page.GetByLabel("New password (at least").FillAsync("new-password-789");
        await page.GetByLabel("New password again").FillAsync("new-password-789");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Password changed.");
        await ecs.LoginAsync(me.Username, "new-password-789");
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_admin_adds_accounts_arms_faults_and_resets_the_emulator_after_a_confirmation()
    {
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync("admin", Server.Tests.Infrastructure.EcsServer.AdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "admin", Exact = true })).ToBeVisibleAsync();

        var username = "added" + Guid.NewGuid().ToString("N")[..6];
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Email").FillAsync($"{username}@example.com");
        await page.GetByLabel("Password").FillAsync("password-123");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Account {username} created.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = username })).ToBeVisibleAsync();

        await page.GetByLabel("Action type").SelectOptionAsync("power_on");
        await page.GetByLabel("Fail the next (count)").FillAsync("2");
        await page.GetByLabel("Message").FillAsync("the rack is on fire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Arm fault" }).ClickAsync();
        await Expect(page.Locator(".faults")).ToContainTextAsync("power_on: the next 2 fail with “the rack is on fire”");
        await browser.AssertAccessibleAsync();
        await browser.ShotAsync("admin-desktop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Disarm every fault" }).ClickAsync();
        await Expect(page.GetByText("No faults armed.")).ToBeVisibleAsync();

        // Reset asks twice (a box to tick, then a dialog); cancelling the dialog resets nothing.
        using var ecs = PanelFixture.Sdk(fx.Server, Server.Tests.Infrastructure.EcsServer.AdminToken);
        var kept = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "reset victim" });
        await page.GetByLabel("I mean it").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset everything" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Reset the emulator?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        Assert.Equal("reset victim", (await ecs.Servers.GetAsync(kept.Server.Name)).Notes);
        await page.GetByRole(AriaRole.Button, new() { Name = "Reset everything" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("The emulator was reset.");
        await Assert.ThrowsAsync<EcsNotFoundException>(() => ecs.Servers.GetAsync(kept.Server.Name));
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_manual_clock_moves_from_the_admin_page()
    {
        await using var server = await Server.Tests.Infrastructure.EcsServer.StartAsync("manual");
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, server);
        var page = browser.Page;
        await browser.LoginAsync("admin", Server.Tests.Infrastructure.EcsServer.AdminPassword);
        using var ecs = PanelFixture.Sdk(server, Server.Tests.Infrastructure.EcsServer.AdminToken);
        var before = (await ecs.Emulator.GetClockAsync()).Now;
        await page.GotoAsync("/admin");
        await page.GetByLabel("Move forward by (seconds)").FillAsync("3600");
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance" }).ClickAsync();
        var after = (await ecs.Emulator.GetClockAsync()).Now;
        Assert.Equal(before.AddHours(1), after);
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"The clock reads {after.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.");

        // Backwards is the API's refusal, in its words.
        await page.GetByLabel("Set to (UTC").FillAsync(before.UtcDateTime.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Set clock" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("must not be in the past");
        browser.AssertNoErrors();
    }
}
