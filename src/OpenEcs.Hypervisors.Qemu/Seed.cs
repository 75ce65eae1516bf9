using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// The NoCloud seed: <c>meta-data</c> (instance id, hostname, the ssh key) and <c>user-data</c> (the user's script, or
/// an empty cloud-config). Cloud images read it from a <c>cidata</c> iso9660 disk; direct-boot images without disk
/// drivers get the same two files under <c>/seed</c> in a cpio archive appended to their initramfs (Linux unpacks
/// concatenated archives in order).
/// </summary>
internal static class Seed
{
    public static void WriteFiles(VmFolder vm, VmSpec spec, QemuNetworkOptions network)
    {
        Directory.CreateDirectory(vm.SeedDir);
        var meta = new StringBuilder()
            .Append("instance-id: ").Append(spec.Name).Append('\n')
            .Append("local-hostname: ").Append(spec.Name).Append('\n');
        if (!string.IsNullOrWhiteSpace(spec.SshPublicKey))
            // One quoted YAML line: quotes and line breaks in the key must not become YAML of their own.
            meta.Append("public-keys:\n  - \"").Append(string.Concat(spec.SshPublicKey.Trim().Where(c => c is not ('"' or '\\' or '\r' or '\n'))))
                .Append("\"\n");
        File.WriteAllText(Path.Combine(vm.SeedDir, "meta-data"), meta.ToString());
        // Bridge mode: the pool address, as NoCloud network-config (v2), for the guest to configure statically.
        if (spec.Ipv4 is { } ip)
            File.WriteAllText(Path.Combine(vm.SeedDir, "network-config"),
                $"version: 2\nethernets:\n  eth0:\n    match: {{name: \"e*\"}}\n    addresses: [{ip}/{network.PrefixLength}]\n" +
                (network.Gateway is { Length: > 0 } gw ? $"    gateway4: {gw}\n    nameservers: {{addresses: [{gw}]}}\n" : ""));
        var user = string.IsNullOrWhiteSpace(spec.UserScript) ? EmptyUserData : spec.UserScript.ReplaceLineEndings("\n");
        WritePrivate(Path.Combine(vm.SeedDir, "user-data"), user);
    }

    private const string EmptyUserData = "#cloud-config\n{}\n";

    /// <summary>The user script (and the secrets of its environment) may sit in these files: the owner's only.</summary>
    private static void WritePrivate(string path, string text)
    {
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, text);
    }

    private static void MakePrivate(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

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
        WritePrivate(path, after);
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
        MakePrivate(tmp);
        File.Move(tmp, vm.SeedIso, overwrite: true);
    }

    /// <summary>The image's initramfs followed by a gzip'd newc archive of <c>/seed/meta-data</c> and <c>/seed/user-data</c>.</summary>
    public static async Task WriteInitrdAsync(VmFolder vm, string baseInitrd, CancellationToken ct)
    {
        var tmp = vm.Initrd + ".tmp";
        await using (var output = File.Create(tmp))
        {
            await using (var input = File.OpenRead(baseInitrd)) await input.CopyToAsync(output, ct);
            await using var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true);
            var ino = 1;
            Cpio.Entry(gzip, "seed", [], directory: true, ino++);
            foreach (var leaf in new[] { "meta-data", "user-data", "network-config" }.Where(l => File.Exists(Path.Combine(vm.SeedDir, l))))
                Cpio.Entry(gzip, "seed/" + leaf, await File.ReadAllBytesAsync(Path.Combine(vm.SeedDir, leaf), ct), directory: false, ino++);
            Cpio.Entry(gzip, "TRAILER!!!", [], directory: false, 0);
        }
        MakePrivate(tmp);
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
