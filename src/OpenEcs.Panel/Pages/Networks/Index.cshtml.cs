using System.Net;
using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client;
using OpenEcs.Client.Models;
using OpenEcs.Panel.Hosting;

namespace OpenEcs.Panel.Pages.Networks;

/// <summary>
/// Private networks: add, destroy, and a scan of one (the servers with an interface on it). A destroy refused because
/// servers still use the network shows the scan at once, as the vendor's panel does.
/// </summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<Network> Networks { get; private set; } = [];

    /// <summary>The network scanned (<c>?scan=NAME</c>), with the interfaces found on it.</summary>
    [BindProperty(SupportsGet = true)] public string? Scan { get; set; }
    public IReadOnlyList<NetworkInterface>? Scanned { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Networks = await Ecs.Networks.ListAsync(ct);
        if (Scan is { } scan && Networks.Any(n => n.Name == scan))
            Scanned = (await NetworkInterface.OfServersAsync(Ecs, await Ecs.Servers.ListAsync(ct), Networks.Where(n => n.Name == scan).ToList(), ct)).ToList();
        else Scan = null;
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var network = await Ecs.Networks.CreateAsync(ct);
        return Back($"Network {network.Name} created: add it to a server from the server's page (Interfaces).");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string name, CancellationToken ct)
    {
        try
        {
            await Ecs.Networks.DeleteAsync(name, ct);
        }
        catch (EcsApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
            TempData[PanelProblemFilter.ErrorKey] = e.Message;
            return Redirect("/networks?scan=" + Uri.EscapeDataString(name));
        }
        return Redirect("/networks", $"Network {name} destroyed.");
    }

    private RedirectResult Redirect(string url, string message)
    {
        Flash(message);
        return Redirect(url);
    }
}
