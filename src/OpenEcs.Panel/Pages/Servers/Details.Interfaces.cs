using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;
using OpenEcs.Panel.Pages.Networks;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>
/// The server's interfaces on private networks and their VLANs (a section of its page; full accounts only, as the
/// networks are). The VLAN field takes the docs' selection commands (see <see cref="VlanSelection"/>).
/// </summary>
public sealed partial class DetailsModel
{
    /// <summary>Up to this many VLANs are shown one by one; more (a <c>*</c> gives 4094) as their ranges.</summary>
    public const int VlanBadges = 64;

    public IReadOnlyList<NetworkInterface> Interfaces { get; private set; } = [];
    /// <summary>The account's networks this server has no interface on yet.</summary>
    public IReadOnlyList<Network> FreeNetworks { get; private set; } = [];

    private async Task LoadInterfacesAsync(CancellationToken ct)
    {
        if (!Session.IsAccount) return;
        var networks = await Ecs.Networks.ListAsync(ct);
        Interfaces = await NetworkInterface.OfServersAsync(Ecs, [View.Server], networks, ct);
        FreeNetworks = networks.Where(n => Interfaces.All(i => i.Network != n.Name)).ToList();
    }

    /// <summary>A new interface gets the base VLAN (1, as PVID), as the vendor's panel gives it.</summary>
    public async Task<IActionResult> OnPostAddInterfaceAsync(string network, CancellationToken ct)
    {
        var change = await Ecs.Networks.AddVlansAsync(Name, network, new VlanRequest { VlanId = 1, Pvid = true }, ct);
        return Back($"Adding an interface on {network} to {Name}; it reboots to take it (action {change.Action.Id}).");
    }

    public async Task<IActionResult> OnPostCreateVlansAsync(string network, string? selection, CancellationToken ct)
    {
        var (ranges, error) = VlanSelection.Parse(selection, await VlanIdsAsync(network, ct));
        if (error is not null) return Refuse(error);
        var vlans = VlanSelection.Describe(ranges);
        var change = await Ecs.Networks.AddVlansAsync(Name, network, new VlanRequest { Vlans = vlans }, ct);
        return Back($"Creating VLANs {vlans} on {network} (action {change.Action.Id}).");
    }

    /// <summary>Removes the selected VLANs the interface has (one API call per range); removing all removes the interface.</summary>
    public async Task<IActionResult> OnPostRemoveVlansAsync(string network, string? selection, CancellationToken ct)
    {
        if (selection?.Contains('!') == true) return Refuse("! selects the VLANs not created yet: there is nothing of them to remove");
        var existing = await VlanIdsAsync(network, ct);
        var (ranges, error) = VlanSelection.Parse(selection, existing);
        if (error is not null) return Refuse(error);
        var chosen = existing.Where(id => ranges.Any(r => id >= r.First && id <= r.Last)).Order().ToList();
        if (chosen.Count == 0) return Refuse($"the interface on {network} has none of the VLANs selected");
        // The API removes the VLANs a range holds, so one call spans every gap without a VLAN that is to stay.
        var calls = new List<(int First, int Last)>();
        foreach (var id in chosen)
        {
            if (calls.Count > 0 && !existing.Any(e => e > calls[^1].Last && e < id)) calls[^1] = (calls[^1].First, id);
            else calls.Add((id, id));
        }
        var actions = new List<long>();
        foreach (var (first, last) in calls)
            actions.Add((await Ecs.Networks.DeleteVlansAsync(Name, network, first, last, ct)).Action.Id);
        var all = chosen.Count == existing.Count;
        return Back($"Removing VLANs {VlanSelection.Describe(VlanSelection.Ranges(chosen))} from {network}" + (all ? $"; the interface goes and {Name} reboots" : "")
                    + " " + string.Join(" ", actions.Select(id => $"(action {id})")) + ".");
    }

    public async Task<IActionResult> OnPostPvidAsync(string network, string? selection, CancellationToken ct)
    {
        var (ranges, error) = VlanSelection.Parse(selection, []);
        if (error is not null) return Refuse(error);
        if (ranges is not [var only] || only.First != only.Last) return Refuse("the PVID is one VLAN: type its id, e.g. 10");
        var change = await Ecs.Networks.SetPvidAsync(Name, network, only.First, true, ct);
        return Back($"VLAN {only.First} becomes the PVID on {network} (action {change.Action.Id}).");
    }

    private async Task<IReadOnlyCollection<int>> VlanIdsAsync(string network, CancellationToken ct) =>
        (await Ecs.Networks.ListVlansAsync(Name, network, ct)).Select(v => v.VlanId).ToList();
}
