using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// A template is a standalone base disk: <c>qemu-img convert</c> of the server's overlay chain (as it is now, or as
/// one of its snapshots holds it) into <c>&lt;DataDir&gt;/templates/&lt;name&gt;/</c>, with a copy of the image's kernel
/// and initramfs and a manifest, so that new VMs boot from it as from any image. VMs built from a template have it as
/// their backing file: deleting the template only unregisters it while one of them exists, and its last one's delete
/// removes the files.
/// </summary>
public sealed partial class QemuHypervisor
{
    private const string DeletedMarker = "deleted";

    public async Task CaptureTemplateAsync(string serverName, string? snapshot, string templateName, OperationContext op, CancellationToken ct)
    {
        var dir = images.TemplateFolder(templateName);
        if (images.FindTemplate(templateName) is not null) return; // captured already (a resumed run)
        using var held = await LockAsync(serverName, ct);
        var vm = DiskOf(serverName);
        var launch = VmLaunch.Read(vm) ?? throw new HypervisorException($"server {serverName} has no VM on this host");
        var image = images.Find(launch.Image) ?? throw new HypervisorException($"image {launch.Image} is no longer in the images folder");
        Directory.CreateDirectory(dir);
        var part = Path.Combine(dir, "disk.qcow2.part");
        var running = vm.LivePid() is not null;
        // The running server's disk is read from a snapshot of this moment: a consistent copy while it keeps running.
        var transient = snapshot is null && running ? "capture-" + templateName : null;
        if (transient is not null && !(await DiskInfoAsync(vm, ct)).Snapshots.Contains(transient)) await TakeInternalSnapshotAsync(vm, transient, ct);
        await op.ReportProgress(20, ct);
        try
        {
            var source = snapshot ?? transient;
            List<string> args = ["convert", "-q", "-O", "qcow2"];
            if (running) args.Add("-U");
            if (source is not null) args.AddRange(["-l", $"snapshot.name={source}"]);
            args.AddRange([vm.Overlay, part]);
            await RunAsync(Tools.Find(O.ImgBinary)!, args, "copying the disk into the template", ct, DiskCopyLimit);
        }
        finally
        {
            if (transient is not null) await DropInternalSnapshotAsync(vm, transient, CancellationToken.None);
        }
        await op.ReportProgress(80, ct);
        var virtualSize = (await RunAsync(Tools.Find(O.ImgBinary)!, ["info", "--output=json", part], "reading the template", ct)) is var json
            ? DiskInfoOf(json).VirtualSize : 0;
        string? Copy(string? path)
        {
            if (path is null) return null;
            var leaf = Path.GetFileName(path);
            File.Copy(path, Path.Combine(dir, leaf), overwrite: true);
            return leaf;
        }
        var manifest = image with
        {
            Name = templateName,
            Label = $"template {templateName} of {serverName}" + (snapshot is null ? "" : $" (snapshot {snapshot})"),
            Disk = "disk.qcow2",
            Kernel = Copy(image.KernelPath),
            Initrd = Copy(image.InitrdPath),
            RequiredDiskGb = (int)Math.Max(image.RequiredDiskGb, Math.Ceiling(virtualSize / (double)(1L << 30))),
            Folder = dir,
        };
        File.Move(part, Path.Combine(dir, "disk.qcow2"), overwrite: true);
        QemuImages.WriteManifest(dir, manifest);
        LogTemplate(templateName, serverName, snapshot ?? "now");
        await op.ReportProgress(95, ct);
    }

    public async Task DeleteTemplateAsync(string templateName, OperationContext op, CancellationToken ct)
    {
        using var held = await LockAsync("template:" + templateName, ct);
        var dir = images.TemplateFolder(templateName);
        if (!Directory.Exists(dir)) return;
        if (UsersOf(templateName).Any())
        {
            // Unregistered for new servers (the store says Deleted); the files stay for the VMs built on them.
            await File.WriteAllTextAsync(Path.Combine(dir, DeletedMarker), "", ct);
            return;
        }
        Directory.Delete(dir, recursive: true);
    }

    /// <summary>After a VM's delete: the deleted template it was built from goes once nothing else uses it.</summary>
    private async Task ReleaseTemplateAsync(string image, CancellationToken ct)
    {
        if (images.FindTemplate(image) is not { } template || !File.Exists(Path.Combine(template.Folder, DeletedMarker))) return;
        using var held = await LockAsync("template:" + image, ct);
        if (!UsersOf(image).Any() && Directory.Exists(template.Folder)) Directory.Delete(template.Folder, recursive: true);
    }

    /// <summary>VM folders whose disks are built on the image.</summary>
    private IEnumerable<string> UsersOf(string image) =>
        Directory.Exists(VmsRoot)
            ? Directory.EnumerateDirectories(VmsRoot).Select(d => Folder(Path.GetFileName(d)))
                .Where(vm => VmLaunch.Read(vm)?.Image == image).Select(vm => vm.Name)
            : [];

    [Microsoft.Extensions.Logging.LoggerMessage(Microsoft.Extensions.Logging.LogLevel.Information, "template {Template} captured from {Server} ({Source})")]
    private partial void LogTemplate(string template, string server, string source);
}
