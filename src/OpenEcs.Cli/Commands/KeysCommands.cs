using System.CommandLine;
using OpenEcs.Cli.Hosting;
using OpenEcs.Cli.Output;
using Spectre.Console;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs sshkeys ...` (public SSH keys) and `ecs keys ...` (API tokens).</summary>
internal static class KeysCommands
{
    private static readonly Argument<long> Id = new("ID") { Description = "The key's numeric id (see the list)" };

    public static EcsCommand SshKeys()
    {
        var label = new Option<string>("--label") { Description = "Name to refer to the key by (servers name it with --ssh-key)", Required = true };
        var key = new Option<string?>("--key") { Description = "The public key text, e.g. 'ssh-ed25519 AAAA... me@laptop'" };
        var file = new Option<FileInfo?>("--key-file") { Description = "Read the public key from this file, e.g. ~/.ssh/id_ed25519.pub", HelpName = "FILE" };
        return new EcsCommand("sshkeys", "Public SSH keys installed on new servers", "ecs sshkeys list").Groups(
            new EcsCommand("list", "List the account's SSH keys", "ecs sshkeys list").Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var keys = await ecs.SshKeys.ListAsync(ct);
                s.Show(keys, () =>
                {
                    if (keys.Count == 0) { s.Terminal.WriteText("No SSH keys."); return; }
                    var table = Views.Table("ID", "LABEL", "KEY", "ADDED");
                    foreach (var k in keys) table.Row(k.Id, k.Label, Abbreviate(k.Key), k.CreatedAt);
                    s.Terminal.Write(table);
                });
            }),
            new EcsCommand("add", "Add a public key", "ecs sshkeys add --label laptop --key-file ~/.ssh/id_ed25519.pub") { label, key, file }
                .Runs(async (s, ct) =>
                {
                    var text = (s.Get(key), s.Get(file)) switch
                    {
                        ({ } k, null) => k,
                        (null, { Exists: true } f) => (await File.ReadAllTextAsync(f.FullName, ct)).Trim(),
                        (null, { } f) => throw new CliException($"no such file: {f.FullName}", ExitCodes.Usage),
                        _ => throw new CliException("give the key with --key or --key-file (one of them)", ExitCodes.Usage),
                    };
                    using var ecs = s.Connect();
                    var added = await ecs.SshKeys.AddAsync(s.Get(label)!, text, ct);
                    s.Show(added, () => s.Terminal.WriteText($"Added SSH key '{added.Label}' (id {added.Id})."));
                }),
            new EcsCommand("delete", "Delete an SSH key", "ecs sshkeys delete 12") { Id }.Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                await ecs.SshKeys.DeleteAsync(s.Get(Id), ct);
                s.Show(new Done(), CliJsonContext.Default.Done, () => s.Terminal.WriteText($"Deleted SSH key {s.Get(Id)}."));
            }));
    }

    public static EcsCommand ApiKeys()
    {
        var notes = new Option<string>("--notes") { Description = "What the token is for", DefaultValueFactory = _ => "" };
        return new EcsCommand("keys", "API tokens (sent as X-APITOKEN)", "ecs keys list").Groups(
            new EcsCommand("list", "List the account's API tokens (never their secrets)", "ecs keys list").Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var keys = await ecs.ApiKeys.ListAsync(ct);
                s.Show(keys, () =>
                {
                    if (keys.Count == 0) { s.Terminal.WriteText("No API tokens."); return; }
                    var table = Views.Table("ID", "NOTES", "CREATED");
                    foreach (var k in keys) table.Row(k.Id, k.Notes, k.CreatedAt);
                    s.Terminal.Write(table);
                });
            }),
            new EcsCommand("create", "Create an API token; its secret is shown this once", "ecs keys create --notes ci") { notes }.Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var created = await ecs.ApiKeys.CreateAsync(s.Get(notes) ?? "", ct);
                s.Show(created, () =>
                {
                    s.Terminal.WriteText(created.Token);
                    s.Terminal.Err.MarkupLine($"[yellow]API token {created.Id} created: store it now, it cannot be shown again.[/]");
                });
            }),
            new EcsCommand("delete", "Revoke an API token", "ecs keys delete 3") { Id }.Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                await ecs.ApiKeys.DeleteAsync(s.Get(Id), ct);
                s.Show(new Done(), CliJsonContext.Default.Done, () => s.Terminal.WriteText($"Deleted API token {s.Get(Id)}."));
            }));
    }

    /// <summary>"ssh-ed25519 AAAAC3…L6s8 me@laptop": long keys do not fit a table.</summary>
    private static string Abbreviate(string key)
    {
        var parts = key.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length <= 20) return key;
        return $"{parts[0]} {parts[1][..8]}…{parts[1][^8..]}" + (parts.Length > 2 ? " " + parts[2] : "");
    }
}
