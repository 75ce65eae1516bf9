using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>The server's support plan, reserved periods and isolations (a section of its page; full accounts only).</summary>
public sealed partial class DetailsModel
{
    /// <summary>The support plans the API offers; "unmanaged" removes the server's.</summary>
    public static readonly (string Code, string Title)[] SupportPlans = [("unmanaged", "Unmanaged (no support)"), ("basic", "Basic"), ("global", "Global")];

    /// <summary>The reserved periods the API offers, in months.</summary>
    public static readonly int[] ReservedMonths = [3, 6, 12, 24];

    public IReadOnlyList<Isolation> Isolations { get; private set; } = [];

    private async Task LoadTermsAsync(CancellationToken ct)
    {
        if (Session.IsAccount) Isolations = await Ecs.Servers.GetIsolationsAsync(Name, ct);
    }

    public async Task<IActionResult> OnPostSupportAsync(string? code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code) || code == "unmanaged")
        {
            await Ecs.Servers.RemoveSupportAsync(Name, ct);
            return Back($"{Name} is unmanaged now (this month's fee stays billed).");
        }
        var support = await Ecs.Servers.SetSupportAsync(Name, code, ct);
        return Back($"{Name} has {support?.SupportTitle ?? code} support.");
    }

    /// <summary>Buys a reserved period of the server's plan, in the API's form M{months}P{plan}.</summary>
    public async Task<IActionResult> OnPostReserveAsync(int months, CancellationToken ct)
    {
        var plan = (await Ecs.Servers.GetAsync(Name, ct)).Plan;
        var reserved = await Ecs.Servers.ReserveAsync(Name, $"M{months}P{plan}", ct);
        return Back($"{Name} is reserved for {reserved.ReservedMonths} months, until {Format.When(reserved.EndDate)}.");
    }
}
