using System.Globalization;
using Microsoft.Playwright;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>The billing and logs pages show what the API bills and logs.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BillingAndLogsPagesTests(PanelFixture fx)
{
    private static string Eur(decimal eur) => "€" + eur.ToString("0.00", CultureInfo.InvariantCulture);

    [BrowserFact]
    public async Task The_billing_page_shows_the_months_bill_and_its_csv_as_the_api_computes_them()
    {
        using var me = await fx.AccountAsync("bills");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS2", Location = "it-fr2", Image = "ubuntu-2404", Notes = "billed", Support = "basic" });
        await ecs.WaitForActionAsync(created.ActionId);
        var name = created.Server.Name;
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Billing" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing", Level = 1 })).ToBeVisibleAsync();
        var now = DateTime.UtcNow;
        var bill = Assert.Single(await ecs.Billing.ServersAsync(now.Year, now.Month));
        Assert.True(bill.Cost > 0, "a running server costs something");
        var row = page.Locator($"tr[data-server={name}]");
        await Expect(row.Locator("[data-field=cost]")).ToHaveTextAsync(Eur(bill.Cost));
        await Expect(row).ToContainTextAsync("eCS2");
        await Expect(row).ToContainTextAsync("basic");
        var snapshots = await ecs.Billing.SnapshotsAsync(now.Year, now.Month);
        var templates = await ecs.Billing.TemplatesAsync(now.Year, now.Month);
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync(Eur(bill.Cost + templates.Sum(t => t.Cost) + snapshots.TotalCost));
        await browser.AssertAccessibleAsync();
        await browser.ShotAsync("billing-desktop");

        // The CSV link downloads the API's export of the month.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Servers as CSV" }).ClickAsync());
        Assert.Equal($"servers-{now:yyyy-MM}.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(await ecs.Billing.CsvAsync("servers", now.Year, now.Month), csv);
        Assert.Contains(name, csv);

        // Another month: nothing billed then. A month that is not one is said so.
        await page.GetByLabel("Month").FillAsync("2020-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(page.GetByText("No servers billed in January 2020.")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync("€0.00");
        await page.GotoAsync("/billing?month=2020-13");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("“2020-13” is not a month");
        await Expect(page.Locator($"tr[data-server={name}]")).ToBeVisibleAsync();
        browser.AssertNoErrors();
    }

    [BrowserFact]
    public async Task The_logs_page_pages_and_filters_the_accounts_audit_trail()
    {
        using var me = await fx.AccountAsync("logs");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "logged" });
        await ecs.WaitForActionAsync(created.ActionId);
        var name = created.Server.Name;
        await ecs.Servers.UpdateAsync(name, notes: "logged twice");
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);

        await page.GetByRole(AriaRole.Link, new() { Name = "Logs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Logs", Level = 1 })).ToBeVisibleAsync();
        var all = await ecs.Logs.ListAsync(0, 50);
        Assert.True(all.TotalLogs >= 3, $"{all.TotalLogs} rows: the create, the change and the panel's sign-in at least");
        var rows = page.Locator("tr[data-log]");
        await Expect(rows).ToHaveCountAsync(Math.Min(50, all.TotalLogs));
        // Newest first, as the API gives them: the panel's sign-in.
        await Expect(rows.First).ToHaveAttributeAsync("data-log", all.Logs[0].Id.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator($"tr[data-log='{all.Logs.First(l => l.Action.StartsWith("POST /servers", StringComparison.Ordinal)).Id}']")).ToContainTextAsync(name);
        await browser.AssertAccessibleAsync();
        await browser.ShotAsync("logs-desktop");

        // Filtered by a target: its rows only, as the API filters them.
        await page.GetByLabel("Target").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var mine = await ecs.Logs.ListAsync(0, 50, name);
        Assert.True(mine.TotalLogs >= 2, $"{mine.TotalLogs} rows for {name}");
        await Expect(rows).ToHaveCountAsync(mine.Logs.Count);
        foreach (var entry in mine.Logs)
            await Expect(page.Locator($"tr[data-log='{entry.Id}']")).ToContainTextAsync(entry.Action);
        await Expect(page.Locator(".pager")).ToContainTextAsync($"1–{mine.Logs.Count} of {mine.TotalLogs}");
        await page.GetByLabel("Target").FillAsync("ec299999999");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(page.GetByText("Nothing logged for ec299999999.")).ToBeVisibleAsync();
        browser.AssertNoErrors();
    }
}
