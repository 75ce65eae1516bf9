using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// The NoCloud seed: <c>meta-data</c> (instance id, hostname, the ssh key), <c>user-data</c> (a cloud-config for the
/// image's default user: the key, the password's SHA-512 crypt hash, passwordless sudo; root's key where the image
/// allows it; and the user's script as a second MIME part, which cloud-init runs once per instance) and, in bridge
/// mode, <c>network-config</c> (the pool address on the VM's MAC). Cloud images read it from a <c>cidata</c> iso9660
/// disk; direct-boot images without disk drivers get the same files under <c>/seed</c> in a cpio archive appended to
/// their initramfs (Linux unpacks concatenated archives in order). Every file is the tenant's: mode 0600.
/// </summary>
internal static class Seed
{
    public const string Marker = "OPENECS-READY";

    public static void WriteFiles(VmFolder vm, VmSpec spec, ImageManifest image, QemuNetworkOptions network, string mac)
    {
        PrivateFiles.CreateDirectory(vm.SeedDir);
        PrivateFiles.Write(Path.Combine(vm.SeedDir, "meta-data"), MetaData(spec));
        PrivateFiles.Write(Path.Combine(vm.SeedDir, "user-data"), UserData(spec, image));
        var config = Path.Combine(vm.SeedDir, "network-config");
        if (spec.Ipv4 is { } ip) PrivateFiles.Write(config, NetworkConfig(ip, mac, network));
        else File.Delete(config);
    }

    internal static string MetaData(VmSpec spec)
    {
        var meta = new StringBuilder()
            .Append("instance-id: ").Append(spec.Name).Append('\n')
            .Append("local-hostname: ").Append(spec.Name).Append('\n');
        if (Key(spec) is { } key) meta.Append("public-keys:\n  - \"").Append(key).Append("\"\n");
        return meta.ToString();
    }

    private const string EmptyUserData = "#cloud-config\n{}\n";

    /// <summary>True when the seed still carries a user script.</summary>
    public static bool HasUserScript(VmFolder vm)
    {
        var path = Path.Combine(vm.SeedDir, "user-data");
        return File.Exists(path) && WithoutScript(File.ReadAllText(path)) != File.ReadAllText(path);
    }

    /// <summary>
    /// The user script has had its one turn: the seed loses it (and its environment's secrets), so that no later boot
    /// runs it again, whatever the guest remembers (a rollback may restore a disk from before it ran). The rest of
    /// user-data (a cloud-config beside it in a multipart) stays.
    /// </summary>
    public static async Task RemoveUserScriptAsync(VmFolder vm, ImageManifest image, CancellationToken ct)
    {
        var path = Path.Combine(vm.SeedDir, "user-data");
        if (!File.Exists(path)) return;
        var before = await File.ReadAllTextAsync(path, ct);
        var after = WithoutScript(before);
        if (after == before) return;
        PrivateFiles.Write(path, after);
        if (image.SeedInInitrd) await WriteInitrdAsync(vm, image.InitrdPath!, ct);
        else await WriteIsoAsync(vm, ct);
    }

    /// <summary>A shell script alone becomes an empty cloud-config; in a MIME multipart, the shell-script parts go.</summary>
    internal static string WithoutScript(string userData)
    {
        var text = userData.ReplaceLineEndings("\n");
        if (text.StartsWith("#!", StringComparison.Ordinal)) return EmptyUserData;
        var first = text.Split('\n', 2)[0];
        if (!first.StartsWith("Content-Type: multipart/", StringComparison.OrdinalIgnoreCase)) return userData;
        var at = first.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return userData;
        var boundary = "--" + first[(at + 9)..].Trim().Trim('"').Split(';')[0].Trim('"');
        var parts = text.Split("\n" + boundary);
        // parts[0] is the multipart's own headers; the last one starts with "--" (the closing delimiter).
        var kept = parts.Skip(1).Where(p => p.StartsWith("--", StringComparison.Ordinal)
            || !p.Split("\n\n", 2)[0].Contains("text/x-shellscript", StringComparison.OrdinalIgnoreCase));
        return string.Join("\n" + boundary, parts.Take(1).Concat(kept));
    }

    /// <summary>The cloud-config alone, or a MIME multipart of it and the user's script (cloud-init's own form).</summary>
    internal static string UserData(VmSpec spec, ImageManifest image)
    {
        var config = CloudConfig(spec, image);
        if (string.IsNullOrWhiteSpace(spec.UserScript)) return config;
        var script = spec.UserScript.ReplaceLineEndings("\n");
        var type = "text/x-shellscript";
        if (script.StartsWith("#cloud-config", StringComparison.Ordinal)) type = "text/cloud-config";
        else if (!script.StartsWith("#!", StringComparison.Ordinal)) script = "#!/bin/sh\n" + script; // cloud-init runs scripts by their #! line
        var boundary = "==OPENECS-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "==";
        var mime = new StringBuilder()
            .Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\nMIME-Version: 1.0\n\n");
        Part(mime, boundary, "text/cloud-config", "openecs.cfg", config);
        Part(mime, boundary, type, "user_customize", script);
        return mime.Append("--").Append(boundary).Append("--\n").ToString();
    }

    /// <summary>Base64 parts: the script's bytes reach the guest unchanged whatever they hold.</summary>
    private static void Part(StringBuilder mime, string boundary, string type, string file, string body)
    {
        mime.Append("--").Append(boundary).Append('\n')
            .Append("Content-Type: ").Append(type).Append("; charset=\"utf-8\"\n")
            .Append("MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n")
            .Append("Content-Disposition: attachment; filename=\"").Append(file).Append("\"\n\n");
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
        for (var i = 0; i < encoded.Length; i += 76) mime.Append(encoded, i, Math.Min(76, encoded.Length - i)).Append('\n');
    }

    /// <summary>
    /// The default user named by the image, with the key, the password hash (never the password) and passwordless
    /// sudo; root's key from meta-data unless the image forbids root logins. The tiny image reads these same lines.
    /// </summary>
    internal static string CloudConfig(VmSpec spec, ImageManifest image)
    {
        var c = new StringBuilder("#cloud-config\n")
            .Append("hostname: ").Append(spec.Name).Append('\n')
            .Append("manage_etc_hosts: true\n")
            .Append("users:\n")
            .Append("  - name: ").Append(image.User).Append('\n')
            .Append("    gecos: \"OpenECS default user\"\n")
            .Append("    shell: /bin/bash\n")
            .Append("    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n");
        var hash = spec.PasswordHash is { Length: > 0 } h && IsCryptHash(h) ? h : null;
        c.Append("    lock_passwd: ").Append(hash is null ? "true" : "false").Append('\n');
        if (hash is not null) c.Append("    passwd: \"").Append(hash).Append("\"\n");
        if (Key(spec) is { } key) c.Append("    ssh_authorized_keys:\n      - \"").Append(key).Append("\"\n");
        c.Append("disable_root: ").Append(image.RootMayLogIn ? "false" : "true").Append('\n');
        if (hash is not null) c.Append("ssh_pwauth: true\n");
        return c.Append("final_message: \"").Append(Marker).Append(' ').Append(spec.Name).Append("\"\n").ToString();
    }

    /// <summary>Bridge mode: the pool address, bound to the VM's MAC (NoCloud network-config, version 1).</summary>
    internal static string NetworkConfig(string ip, string mac, QemuNetworkOptions network)
    {
        var c = new StringBuilder("version: 1\nconfig:\n")
            .Append("  - type: physical\n    name: eth0\n    mac_address: \"").Append(mac).Append("\"\n")
            .Append("    subnets:\n      - type: static\n        address: ").Append(ip).Append('/').Append(network.PrefixLength).Append('\n');
        if (network.Gateway is { Length: > 0 } gw)
            c.Append("        gateway: ").Append(gw).Append("\n        dns_nameservers: [").Append(gw).Append("]\n");
        return c.ToString();
    }

    /// <summary>One quoted YAML scalar: quotes, backslashes and line breaks in the key must not become YAML of their own.</summary>
    private static string? Key(VmSpec spec) =>
        string.IsNullOrWhiteSpace(spec.SshPublicKey) ? null
            : string.Concat(spec.SshPublicKey.Trim().Where(ch => ch is not ('"' or '\\') && !char.IsControl(ch)));

    /// <summary>Only crypt's own alphabet: a hash is put in the YAML as it is.</summary>
    private static bool IsCryptHash(string hash) =>
        hash.StartsWith('$') && hash.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '$' or '.' or '/' or '=');

    public static async Task WriteIsoAsync(VmFolder vm, CancellationToken ct)
    {
        var tool = Tools.Find("genisoimage") ?? Tools.Find("mkisofs") ?? Tools.Find("xorrisofs")
            ?? throw new HypervisorException("the image needs a cidata seed disk: install genisoimage on the host");
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        // Written aside and moved in: a running VM keeps the disk it opened.
        var tmp = vm.SeedIso + ".tmp";
        foreach (var a in new[] { "-quiet", "-output", tmp, "-volid", "cidata", "-joliet", "-rock", vm.SeedDir })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new HypervisorException($"writing the seed disk failed: {(await err).Trim()}");
        PrivateFiles.Protect(tmp);
        File.Move(tmp, vm.SeedIso, overwrite: true);
    }

    /// <summary>The image's initramfs followed by a gzip'd newc archive of <c>/seed/meta-data</c> and <c>/seed/user-data</c>.</summary>
    public static async Task WriteInitrdAsync(VmFolder vm, string baseInitrd, CancellationToken ct)
    {
        var tmp = vm.Initrd + ".tmp";
        await using (var output = PrivateFiles.Create(tmp))
        {
            await using (var input = File.OpenRead(baseInitrd)) await input.CopyToAsync(output, ct);
            await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            var ino = 1;
            Cpio.Entry(gzip, "seed", [], directory: true, ino++);
            foreach (var leaf in new[] { "meta-data", "user-data", "network-config" }.Where(l => File.Exists(Path.Combine(vm.SeedDir, l))))
                Cpio.Entry(gzip, "seed/" + leaf, await File.ReadAllBytesAsync(Path.Combine(vm.SeedDir, leaf), ct), directory: false, ino++);
            Cpio.Entry(gzip, "TRAILER!!!", [], directory: false, 0);
        }
        File.Move(tmp, vm.Initrd, overwrite: true);
    }
}

/// <summary>The "newc" cpio format the kernel's initramfs unpacker reads.</summary>
internal static class Cpio
{
    public static void Entry(Stream s, string name, byte[] data, bool directory, int ino)
    {
        var mode = directory ? 0x41ED : 0x81A4; // drwxr-xr-x / -rw-r--r--
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        var header = "070701" + string.Concat(new[] { ino, mode, 0, 0, 1, 0, data.Length, 0, 0, 0, 0, nameBytes.Length, 0 }.Select(v => v.ToString("X8")));
        s.Write(Encoding.ASCII.GetBytes(header));
        s.Write(nameBytes);
        Pad(s, 110 + nameBytes.Length);
        s.Write(data);
        Pad(s, data.Length);
    }

    private static void Pad(Stream s, int length)
    {
        for (var i = length; i % 4 != 0; i++) s.WriteByte(0);
    }
}
