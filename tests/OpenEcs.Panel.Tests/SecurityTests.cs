using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OpenEcs.Client;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>The session, CSRF and tenancy guarantees of the panel, tried from a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SecurityTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task The_session_cookie_is_httponly_and_samesite_and_no_token_is_readable_by_scripts()
    {
        using var me = await fx.AccountAsync();
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        await browser.LoginAsync(me.Username, me.Password);
        var cookies = await browser.Context.CookiesAsync();
        var session = Assert.Single(cookies, c => c.Name == "openecs_session");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Equal(-1, session.Expires); // gone with the browser; the server ends it with the API's token
        Assert.All(cookies, c => Assert.True(c.HttpOnly, $"{c.Name} is readable by scripts"));
        Assert.All(cookies, c => Assert.NotEqual(SameSiteAttribute.None, c.SameSite));

        var page = browser.Page;
        Assert.DoesNotContain("openecs_session", await page.EvaluateAsync<string>("() => document.cookie"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        // The API's login token (a JWT) is nowhere in the page or its URL.
        var html = await page.ContentAsync();
        Assert.DoesNotMatch(new Regex(@"eyJ[\w-]+\.[\w-]+\.[\w-]+"), html + page.Url);
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task A_change_without_the_antiforgery_token_is_refused_and_the_same_with_it_goes_through()
    {
        using var me = await fx.AccountAsync();
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "csrf target" });
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        await browser.LoginAsync(me.Username, me.Password);
        var path = $"/servers/{created.Server.Name}/do/notes";

        // The session cookie alone (what a forged cross-site form would carry) is not enough.
        var forged = await browser.Context.APIRequest.PostAsync(path, new() { Form = Form(browser.Context, ("notes", "forged")), MaxRedirects = 0 });
        Assert.Equal(400, forged.Status);
        Assert.Equal("csrf target", (await ecs.Servers.GetAsync(created.Server.Name)).Notes);
        var wrong = await browser.Context.APIRequest.PostAsync(path, new() { Form = Form(browser.Context, ("notes", "forged"), ("__RequestVerificationToken", "CfDJ8-made-up")), MaxRedirects = 0 });
        Assert.Equal(400, wrong.Status);

        // The token of the panel's own page makes it go through.
        await browser.Page.GotoAsync(path);
        var token = await browser.Page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var real = await browser.Context.APIRequest.PostAsync(path, new() { Form = Form(browser.Context, ("notes", "renamed"), ("__RequestVerificationToken", token)), MaxRedirects = 0 });
        Assert.Equal(302, real.Status);
        Assert.Equal("renamed", (await ecs.Servers.GetAsync(created.Server.Name)).Notes);

        // Signing out is a change too.
        var logout = await browser.Context.APIRequest.PostAsync("/logout", new() { MaxRedirects = 0 });
        Assert.Equal(400, logout.Status);
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task Another_accounts_server_in_the_url_is_a_not_found_page()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync("other");
        using var theirs = PanelFixture.Sdk(fx.Server, other.Token);
        var their = await theirs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "not yours" });
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        await browser.LoginAsync(me.Username, me.Password);
        var page = browser.Page;
        browser.Expect("404");

        foreach (var path in new[] { $"/servers/{their.Server.Name}", $"/servers/{their.Server.Name}/do/delete", $"/servers/{their.Server.Name}?handler=metrics" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(their.Server.Name);
            Assert.DoesNotContain("not yours", await page.ContentAsync());
        }
        await browser.ShotAsync("not-found-desktop");
        await browser.AssertAccessibleAsync();

        // The admin's page is not for everyone (and says so rather than sending the user round in circles).
        browser.Expect("403");
        var admin = await page.GotoAsync("/admin");
        Assert.Equal(403, admin!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();

        // A forged-free, well-formed delete of it is the API's refusal too, shown on the page; the server stays.
        await page.GotoAsync("/servers");
        var token = await page.Locator("meta[name=csrf-token]").GetAttributeAsync("content");
        var delete = await browser.Context.APIRequest.PostAsync($"/servers/{their.Server.Name}/do/delete",
            new() { Form = Form(browser.Context, ("__RequestVerificationToken", token!)), MaxRedirects = 0 });
        Assert.Equal(302, delete.Status);
        Assert.Equal("not yours", (await theirs.Servers.GetAsync(their.Server.Name)).Notes);
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_console_socket_needs_the_session_and_the_panels_own_origin()
    {
        using var me = await fx.AccountAsync();
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "console" });
        await ecs.WaitForActionAsync(created.ActionId);
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        await browser.LoginAsync(me.Username, me.Password);
        var cookie = Assert.Single(await browser.Context.CookiesAsync(), c => c.Name == "openecs_session");
        var url = new UriBuilder(fx.Server.BaseAddress) { Scheme = "ws", Path = $"/servers/{created.Server.Name}/console/socket" }.Uri;

        async Task<HttpStatusCode> OpenAsync(string? origin, bool withCookie)
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            if (origin is not null) socket.Options.SetRequestHeader("Origin", origin);
            if (withCookie) socket.Options.SetRequestHeader("Cookie", $"{cookie.Name}={cookie.Value}");
            try
            {
                await socket.ConnectAsync(url, CancellationToken.None);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return HttpStatusCode.SwitchingProtocols;
            }
            catch (WebSocketException)
            {
                return socket.HttpStatusCode;
            }
        }

        Assert.Equal(HttpStatusCode.Forbidden, await OpenAsync("http://evil.example", withCookie: true));
        Assert.Equal(HttpStatusCode.Forbidden, await OpenAsync(null, withCookie: true));
        Assert.Equal(HttpStatusCode.Unauthorized, await OpenAsync(fx.Server.BaseAddress.GetLeftPart(UriPartial.Authority), withCookie: false));
        Assert.Equal(HttpStatusCode.SwitchingProtocols, await OpenAsync(fx.Server.BaseAddress.GetLeftPart(UriPartial.Authority), withCookie: true));
        browser.AssertNoErrors();
    }

    private static IFormData Form(IBrowserContext context, params (string Name, string Value)[] fields)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields) form.Set(name, value);
        return form;
    }
}
