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
        var user = string.IsNullOrWhiteSpace(spec.UserScript) ? "#cloud-config\n{}\n" : spec.UserScript.ReplaceLineEndings("\n");
        File.WriteAllText(Path.Combine(vm.SeedDir, "user-data"), user);
    }

    public static async Task WriteIsoAsync(VmFolder vm, CancellationToken ct)
    {
        var tool = Tools.Find("genisoimage") ?? Tools.Find("mkisofs") ?? Tools.Find("xorrisofs")
            ?? throw new HypervisorException("the image needs a cidata seed disk: install genisoimage on the host");
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-quiet", "-output", vm.SeedIso, "-volid", "cidata", "-joliet", "-rock", vm.SeedDir })
            info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0) throw new HypervisorException($"writing the seed disk failed: {(await err).Trim()}");
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
