using Microsoft.AspNetCore.Mvc;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.SshKeys;

/// <summary>Public SSH keys, named at server creation by label.</summary>
public sealed class IndexModel : PanelPage
{
    public IReadOnlyList<SshKey> Keys { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Keys = await Ecs.SshKeys.ListAsync(ct);

    public async Task<IActionResult> OnPostAddAsync(string? label, string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(label) || string.IsNullOrWhiteSpace(key)) return Refuse("Give a label and a public key.");
        await Ecs.SshKeys.AddAsync(label.Trim(), key.Trim(), ct);
        return Back($"Key {label.Trim()} added.");
    }

    public async Task<IActionResult> OnPostRelabelAsync(long id, string? label, CancellationToken ct)
    {
        await Ecs.SshKeys.RelabelAsync(id, label?.Trim() ?? "", ct);
        return Back("Key renamed.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(long id, CancellationToken ct)
    {
        await Ecs.SshKeys.DeleteAsync(id, ct);
        return Back("Key deleted.");
    }
}
