using Microsoft.Playwright;
using OpenEcs.Client.Models;
using OpenEcs.Panel.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenEcs.Panel.Tests;

/// <summary>Private networks and a server's interfaces with their VLANs from the panel, checked against the API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NetworksPagesTests(PanelFixture fx)
{
    [BrowserFact]
    public async Task A_network_is_added_joined_by_a_server_given_vlans_scanned_and_destroyed_once_free()
    {
        using var me = await fx.AccountAsync("nets");
        using var ecs = PanelFixture.Sdk(fx.Server, me.Token);
        var created = await ecs.Servers.CreateAsync(new() { Plan = "eCS1", Location = "it-fr2", Image = "ubuntu-2404", Notes = "on a lan" });
        await ecs.WaitForActionAsync(created.ActionId);
        var server = created.Server.Name;
        await using var browser = await BrowserSession.OpenAsync(fx.Browser, fx.Server);
        var page = browser.Page;
        await browser.LoginAsync(me.Username, me.Password);

        // Add a network from the menu's page.
        await page.GetByRole(AriaRole.Link, new() { Name = "Networks", Exact = true }).ClickAsync();
        await Expect(page.GetByText("No networks yet.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a network" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("created");
        var network = Assert.Single(await ecs.Networks.ListAsync()).Name;
        await Expect(page.Locator($"tr[data-network='{network}']")).ToBeVisibleAsync();

        // An interface on it, from the server's page: it asks first, the server reboots, the MAC is the API's.
        await page.GotoAsync($"/servers/{server}");
        var section = page.Locator("#interfaces");
        await section.GetByLabel("Network", new() { Exact = true }).SelectOptionAsync(network);
        await section.GetByRole(AriaRole.Button, new() { Name = "Add an interface" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Adding an interface on {network}");
        var added = await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal(("add_vlan", ActionStatus.Completed), (added.Type, added.Status));
        var vlan = Assert.Single(await ecs.Networks.ListVlansAsync(server, network));
        Assert.Equal((1, true), (vlan.VlanId, vlan.Pvid));
        await page.ReloadAsync();
        var nic = section.Locator($"[data-interface='{network}']");
        await Expect(nic.Locator("[data-field=mac]")).ToHaveTextAsync(vlan.MacAddress);
        await Expect(nic.Locator("[data-vlan='1']")).ToContainTextAsync("PVID");

        // VLANs by the docs' selection commands; the PVID moves to one of them.
        var field = nic.GetByLabel($"VLAN selection on {network}");
        await field.FillAsync("10, 20-22");
        await nic.GetByRole(AriaRole.Button, new() { Name = "Create VLANs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Creating VLANs 10,20-22");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal([1, 10, 20, 21, 22], (await ecs.Networks.ListVlansAsync(server, network)).Select(v => v.VlanId).Order());
        await field.FillAsync("10");
        await nic.GetByRole(AriaRole.Button, new() { Name = "PVID" }).ClickAsync();
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal(10, Assert.Single(await ecs.Networks.ListVlansAsync(server, network), v => v.Pvid).VlanId);

        // Refused before the API: a VLAN out of range, a PVID of a range. Nothing changes.
        await field.FillAsync("4095");
        await nic.GetByRole(AriaRole.Button, new() { Name = "Create VLANs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("“4095” is not a VLAN");
        await field.FillAsync("20-21");
        await nic.GetByRole(AriaRole.Button, new() { Name = "PVID" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the PVID is one VLAN");
        // A selection past the field's length, as a script could post it.
        await field.EvaluateAsync("e => e.removeAttribute('maxlength')");
        await field.FillAsync(string.Join(",", Enumerable.Repeat("*", 150)));
        await nic.GetByRole(AriaRole.Button, new() { Name = "Create VLANs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at most 200 characters");
        // Refused by the API, in its words: a VLAN the interface has already.
        await field.FillAsync("21");
        await nic.GetByRole(AriaRole.Button, new() { Name = "Create VLANs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("21");
        Assert.Equal(5, (await ecs.Networks.ListVlansAsync(server, network)).Count);

        // Remove a range, after a confirmation.
        await field.FillAsync("20-22");
        await nic.GetByRole(AriaRole.Button, new() { Name = "Remove VLANs" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Removing VLANs 20-22");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal([1, 10], (await ecs.Networks.ListVlansAsync(server, network)).Select(v => v.VlanId).Order());
        await browser.AssertAccessibleAsync();
        await browser.ShotAsync("server-interfaces-desktop");

        // Destroying a network in use is refused and scans it: the server is named with its MAC.
        await page.GotoAsync("/networks");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Destroy {network}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("in use");
        var scan = page.Locator("#scan");
        await Expect(scan.Locator($"tr[data-interface='{server}']")).ToContainTextAsync(vlan.MacAddress);
        await Expect(scan.Locator($"tr[data-interface='{server}']")).ToContainTextAsync("1,10");
        await browser.AssertAccessibleAsync();
        Assert.Single(await ecs.Networks.ListAsync());

        // "!" adds every VLAN the interface lacks; so many are shown as ranges. Then "*" removes them all: the
        // interface goes, and the network can be destroyed.
        await page.GotoAsync($"/servers/{server}");
        await field.FillAsync("!");
        await nic.GetByRole(AriaRole.Button, new() { Name = "Create VLANs" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Creating VLANs 2-9,11-4094");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Equal(4094, (await ecs.Networks.ListVlansAsync(server, network)).Count);
        await page.ReloadAsync();
        await Expect(nic.Locator("[data-vlans]")).ToHaveTextAsync("4094 VLANs: 1-4094; PVID 10.");
        await field.FillAsync("*");
        await nic.GetByRole(AriaRole.Button, new() { Name = "Remove VLANs" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("the interface goes");
        await ecs.WaitForActionAsync(await Flash.ActionIdAsync(page));
        Assert.Empty(await ecs.Networks.ListVlansAsync(server, network));
        await page.GotoAsync("/networks");
        await page.GetByRole(AriaRole.Link, new() { Name = $"Scan {network}" }).ClickAsync();
        await Expect(page.Locator("#scan")).ToContainTextAsync("No server has an interface");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Destroy {network}" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Network {network} destroyed.");
        Assert.Empty(await ecs.Networks.ListAsync());
        browser.AssertNoErrors();
    }
}
