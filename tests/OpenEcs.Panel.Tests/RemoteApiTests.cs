using Microsoft.Playwright;
using OpenEcs.Client;
using OpenEcs.Panel.Tests.Support;
using OpenEcs.Server.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>A panel pointed at another OpenECS (<c>OpenEcs:Panel:ApiUrl</c>) shows that one, and forwards its users' addresses.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RemoteApiTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task A_panel_pointed_at_another_instance_lists_its_servers_opens_their_consoles_and_forwards_browser_addresses()
    {
        await using var api = await EcsServer.StartAsync("instant", "OpenEcs:Auth:LoginAttemptsPerWindow=3");
        await using var panel = await EcsServer.StartAsync("instant", $"OpenEcs:Panel:ApiUrl={api.BaseAddress}");
        using var me = await fx.AccountOnAsync(api, "remote");
        using var ecs = PanelFixture.Sdk(api, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "lives on the other instance" });
        await ecs.WaitForActionAsync(created.ActionId);

        await using (var browser = await BrowserSession.OpenAsync(fx.Browser, panel))
        {
            var page = browser.Page;
            await page.GotoAsync("/login");
            await Expect(page.Locator("form code")).ToHaveTextAsync(new Uri(api.BaseAddress, "/ecs/v2/").ToString());
            // The account exists only over there.
            await browser.LoginAsync(me.Username, me.Password);
            var row = page.Locator($"tr[data-server={created.Server.Name}]");
            await Expect(row).ToContainTextAsync("lives on the other instance");
            await Expect(page.Locator("tbody tr")).ToHaveCountAsync(1);
            await page.GotoAsync($"/servers/{created.Server.Name}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Connect", Exact = true }).ClickAsync();
            await Expect(page.Locator("[data-console-note]")).ToContainTextAsync("Connected");
            await Expect(page.Locator("[data-terminal] .xterm-rows")).ToContainTextAsync($"root@{created.Server.Name}:~#");
            browser.AssertNoErrors();
        }

        // Two people behind the panel: the API throttles each by the address the panel forwards, not the panel's own.
        // (The browsers' addresses are given as a forwarded header to the panel, which believes its loopback peers.)
        await using var first = await BrowserSession.OpenAsync(fx.Browser, panel, headers: [new("X-Forwarded-For", "203.0.113.7")]);
        await using var second = await BrowserSession.OpenAsync(fx.Browser, panel, headers: [new("X-Forwarded-For", "203.0.113.8")]);
        for (var i = 0; i < 3; i++) await WrongLoginAsync(first.Page, me.Username, "wrong username or password");
        await WrongLoginAsync(first.Page, me.Username, "too many login attempts");
        await WrongLoginAsync(second.Page, me.Username, "wrong username or password");
        first.AssertNoErrors();
        second.AssertNoErrors();
    }

    private static async Task WrongLoginAsync(IPage page, string username, string expected)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Username or group").FillAsync(username);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(expected);
    }
}
