using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Admin;

/// <summary>For the admin, through the emulator controls (<c>/_openecs</c>): accounts, the clock, faults, reset.</summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<EmulatorAccount> Accounts { get; private set; } = [];
    public EmulatorHealth Health { get; private set; } = null!;
    public IReadOnlyList<FaultRule> Faults { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!Session.IsAdmin) return Problem(403, "only the administrator may use this page");
        var accounts = Ecs.Emulator.ListAccountsAsync(ct);
        var health = Ecs.Emulator.GetHealthAsync(ct);
        var faults = Ecs.Emulator.ListFaultsAsync(ct);
        (Accounts, Health, Faults) = (await accounts, await health, await faults);
        return Page();
    }

    public async Task<IActionResult> OnPostAccountAsync(string? username, string? email, string? password, CancellationToken ct)
    {
        var created = await Ecs.Emulator.CreateAccountAsync(username ?? "", password ?? "", email ?? "", ct);
        return Back($"Account {created.Username} created.");
    }

    public async Task<IActionResult> OnPostAdvanceAsync(double seconds, CancellationToken ct)
    {
        var clock = await Ecs.Emulator.AdvanceClockAsync(TimeSpan.FromSeconds(seconds), ct);
        return Back($"The clock reads {clock.Now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.");
    }

    public async Task<IActionResult> OnPostSetClockAsync(string? to, CancellationToken ct)
    {
        if (!DateTime.TryParse(to, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
            return Refuse("Give a date and time.");
        var clock = await Ecs.Emulator.SetClockAsync(new DateTimeOffset(when, TimeSpan.Zero), ct);
        return Back($"The clock reads {clock.Now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.");
    }

    public async Task<IActionResult> OnPostFaultAsync(string actionType, int? count, double? probability, string? message, CancellationToken ct)
    {
        await Ecs.Emulator.AddFaultAsync(new FaultRule
        {
            ActionType = actionType, Count = count, Probability = count is null ? probability : null,
            Message = string.IsNullOrWhiteSpace(message) ? null : message,
        }, ct);
        return Back($"Fault armed for {actionType}.");
    }

    public async Task<IActionResult> OnPostClearFaultsAsync(CancellationToken ct)
    {
        await Ecs.Emulator.ClearFaultsAsync(ct);
        return Back("Every fault disarmed.");
    }

    public async Task<IActionResult> OnPostResetAsync(string? confirm, CancellationToken ct)
    {
        if (confirm != "yes") return Refuse("Tick “I mean it” to reset.");
        await Ecs.Emulator.ResetAsync(ct);
        return Back("The emulator was reset.");
    }
}
