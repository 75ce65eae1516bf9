using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenEcs.Client;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>Signing in and out: accounts, group logins, wrong passwords, a form that works without scripts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LoginTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task A_wrong_password_shows_the_apis_error_and_a_right_one_signs_in_and_out()
    {
        using var me = await fx.AccountAsync();
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await page.GotoAsync("/login");
        await page.GetByLabel("Username or group").FillAsync(me.Username);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The API's own words, on the login page, with what was typed kept.
        using var anonymous = new EcsClient(new EcsClientOptions { BaseUrl = fx.Server.BaseAddress });
        var refusal = await Assert.ThrowsAsync<EcsUnauthorizedException>(() => anonymous.LoginAsync(me.Username, "not-the-password"));
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(refusal.Message);
        await Expect(page.GetByLabel("Username or group")).ToHaveValueAsync(me.Username);
        await browser.ShotAsync("login-error-desktop");
        await browser.AssertAccessibleAsync();

        await browser.LoginAsync(me.Username, me.Password);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })).ToContainTextAsync(me.Username);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/login$"));
        await page.GotoAsync("/servers");
        await Expect(page).ToHaveURLAsync(new Regex("/login\\?returnUrl="));
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_login_form_posts_without_scripts()
    {
        using var me = await fx.AccountAsync();
        var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.Server.BaseAddress.ToString().TrimEnd('/'), JavaScriptEnabled = false });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            Assert.Equal(["password", "username"], (await page.Locator("form input:not([type=hidden])").EvaluateAllAsync<string[]>("els => els.map(e => e.name)")).Order());
            await page.FillAsync("input[name=username]", me.Username);
            await page.FillAsync("input[name=password]", me.Password);
            await page.ClickAsync("button[type=submit]");
            await Expect(page).ToHaveURLAsync(new Regex("/servers$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Servers" })).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task A_group_login_sees_only_its_groups_servers()
    {
        using var owner = await fx.AccountAsync("owner");
        using var ecs = PanelFixture.Sdk(fx.Server, owner.Token);
        var group = await ecs.Groups.CreateAsync("team web", "group-password-1");
        var inGroup = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "team server", Group = group.Name });
        var outside = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "private server" });

        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(group.Name, "group-password-1");
        await Expect(page.Locator($"tr[data-server={inGroup.Server.Name}]")).ToBeVisibleAsync();
        await Expect(page.Locator($"tr[data-server={outside.Server.Name}]")).ToHaveCountAsync(0);
        await Expect(page.GetByText("private server")).ToHaveCountAsync(0);
        // What a group login may not use is not offered.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await Expect(nav).ToContainTextAsync("(group)");
        foreach (var hidden in new[] { "Groups", "SSH keys", "API tokens", "Account", "Admin" })
            await Expect(nav.GetByRole(AriaRole.Link, new() { Name = hidden, Exact = true })).ToHaveCountAsync(0);
        await browser.ShotAsync("servers-group-login-desktop");

        // The server outside the group is as absent as another account's.
        browser.Expect("404");
        var response = await page.GotoAsync($"/servers/{outside.Server.Name}");
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        browser.AssertNoErrors();
    }
}
