using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenEcs.Client;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>The cloud-script library's pages and the wizard's choice of a library script, checked against the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScriptsPagesTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task Scripts_are_added_edited_chosen_in_the_wizard_and_deleted_from_their_pages()
    {
        using var me = await fx.AccountAsync("scripts");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);

        // Add: what the form holds is what GET /scripts returns.
        await page.GetByRole(AriaRole.Link, new() { Name = "Scripts" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cloud scripts", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("No scripts yet.")).ToBeVisibleAsync();
        await page.GetByLabel("Title").FillAsync("nginx");
        await page.GetByLabel("Script", new() { Exact = true }).FillAsync("#!/bin/sh\napt-get install -y nginx\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add script" }).ClickAsync();
        var script = Assert.Single(await ecs.Scripts.ListAsync(), s => s.User == me.Username);
        Assert.Equal(("nginx", "#!/bin/sh\napt-get install -y nginx\n", false), (script.Title, script.Content, script.Windows));
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Script {script.Id} (nginx) added.");
        await Expect(page.GetByRole(AriaRole.Row, new() { Name = "nginx" })).ToContainTextAsync("Linux");
        await browser.AssertAccessibleAsync();

        // Edit: the form starts from the API's script and saves all of it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit nginx" }).ClickAsync();
        await Expect(page.GetByLabel("Script", new() { Exact = true })).ToHaveValueAsync(script.Content);
        await page.GetByLabel("Title").FillAsync("web server");
        await page.GetByLabel("Script", new() { Exact = true }).FillAsync("apt-get install -y nginx curl");
        await browser.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save script" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Script {script.Id} (web server) saved.");
        var edited = await ecs.Scripts.GetAsync(script.Id);
        Assert.Equal(("web server", "apt-get install -y nginx curl"), (edited.Title, edited.Content));

        // Another account's script is not found, as the API says.
        using var other = await fx.AccountAsync("scripts-other");
        using (var theirs = PanelFixture.Sdk(fx.Server, other.Token))
        {
            var hidden = await theirs.Scripts.CreateAsync(new() { Title = "theirs", Content = "echo mine" });
            browser.Expect("404");
            var response = await page.GotoAsync($"/scripts/{hidden.Id}");
            Assert.Equal(404, response!.Status);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not found");
        }

        // The wizard names the library script by id, and its environment goes as user_customize_env: a bad line is
        // the API's refusal, which only a library script's environment can get.
        await page.GotoAsync("/servers/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "5. Script" }).ClickAsync();
        await page.GetByLabel("Script of the library").SelectOptionAsync(script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Its environment").FillAsync("not an environment line");
        await page.GetByRole(AriaRole.Button, new() { Name = "6. Details" }).ClickAsync();
        await page.GetByLabel("Notes").FillAsync("from the library");
        await page.GetByRole(AriaRole.Button, new() { Name = "7. Summary" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create server" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("user_customize_env line 1 is not NAME=value");
        Assert.Empty(await ecs.Servers.ListAsync());

        // A library script and a typed one together are refused by the panel before the API sees them.
        await page.GetByRole(AriaRole.Button, new() { Name = "5. Script" }).ClickAsync();
        await Expect(page.GetByLabel("Script of the library")).ToHaveValueAsync(script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Its environment").FillAsync("GREETING=hello");
        await page.GetByLabel("Or type a script").FillAsync("echo typed");
        await page.GetByRole(AriaRole.Button, new() { Name = "7. Summary" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create server" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose a script of the library or type one, not both.");

        // A script deleted meanwhile is the API's not-found: the id is what the wizard sends.
        var doomed = await ecs.Scripts.CreateAsync(new() { Title = "doomed", Content = "echo gone" });
        await page.GotoAsync("/servers/new");
        await page.GetByRole(AriaRole.Button, new() { Name = "5. Script" }).ClickAsync();
        await page.GetByLabel("Script of the library").SelectOptionAsync(doomed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await ecs.Scripts.DeleteAsync(doomed.Id);
        await page.GetByRole(AriaRole.Button, new() { Name = "7. Summary" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create server" }).ClickAsync();
        var refusal = await Assert.ThrowsAnyAsync<EcsApiException>(() => ecs.Servers.CreateAsync(new()
        {
            Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "", UserCustomize = Client.Models.UserCustomize.FromScript(doomed.Id),
        }));
        Assert.Contains($"script {doomed.Id}", refusal.Message);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(refusal.Message);
        Assert.Empty(await ecs.Servers.ListAsync());

        // With a good environment the server is created from the library script and boots.
        await page.GetByRole(AriaRole.Button, new() { Name = "5. Script" }).ClickAsync();
        await page.GetByLabel("Script of the library").SelectOptionAsync(script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Its environment").FillAsync("GREETING=hello");
        await page.GetByRole(AriaRole.Button, new() { Name = "6. Details" }).ClickAsync();
        await page.GetByLabel("Notes").FillAsync("from the library");
        await page.GetByRole(AriaRole.Button, new() { Name = "7. Summary" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create server" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/servers/ec2\\d+$"));
        var name = page.Url.Split('/')[^1];
        await Expect(page.Locator(".badges [data-field=status]")).ToHaveTextAsync("Booted", new() { Timeout = 30_000 });
        Assert.Equal("from the library", (await ecs.Servers.GetAsync(name)).Notes);

        // Delete, after a confirmation.
        await page.GotoAsync("/scripts");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete web server" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Delete the script web server?");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Script {script.Id} (web server) deleted.");
        Assert.DoesNotContain(await ecs.Scripts.ListAsync(), s => s.Id == script.Id);
        browser.AssertNoErrors();
    }
}
