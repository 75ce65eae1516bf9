using System.Globalization;
using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// The user script gets one turn: the boot of the create. Its end is what the guest prints on the serial console (the
/// image's <c>script_end_marker</c> and the exit status), or, for an image that runs the script before it says it is
/// ready, the create's own end. Once the turn is over (ended, or cut short by a power-off, a restart or a rollback) it
/// is recorded in the VM folder and the seed loses the script, so no later boot runs it again.
/// </summary>
public sealed partial class QemuHypervisor
{
    public async Task<UserScriptEnd?> UserScriptEndAsync(string name, DateTimeOffset since, CancellationToken ct)
    {
        var vm = Folder(name);
        if (!vm.Exists) return null; // not a VM of this host: another replica's to tell
        if (RecordedEnd(vm) is { } recorded) return recorded;
        // The watcher asks every second: if an action holds the VM, it asks again later.
        using var held = await LockAsync(name, TimeSpan.Zero, ct);
        if (held is null) return null;
        if (RecordedEnd(vm) is { } again) return again;
        var image = VmLaunch.Read(vm) is { } launch ? images.Find(launch.Image) : null;
        if (image is null) return null;
        UserScriptEnd? end = null;
        if (string.IsNullOrEmpty(image.ScriptEndMarker))
            end = new UserScriptEnd(null, "user script ran while the guest booted (the image reports no exit status)");
        else if (File.Exists(vm.ConsoleLog) && ExitStatus(await ReadSharedAsync(vm.ConsoleLog, ct), image.ScriptEndMarker) is { } status)
            end = new UserScriptEnd(status, $"user script exited {status}");
        else if (vm.LivePid() is null)
            end = new UserScriptEnd(null, "the server stopped before its user script reported its end");
        else if (File.Exists(vm.PidFile) && time.GetUtcNow() - File.GetLastWriteTimeUtc(vm.PidFile) > O.UserScriptTimeout)
            end = new UserScriptEnd(null, $"the user script did not report its end within {O.UserScriptTimeout.TotalMinutes:0} min");
        if (end is not null) await RecordEndAsync(vm, image, end, ct);
        return end;
    }

    /// <summary>Before a VM boots again (power_on, rollback): a turn not over yet is over now.</summary>
    private async Task EndScriptTurnAsync(VmFolder vm, ImageManifest image, string why, CancellationToken ct)
    {
        if (RecordedEnd(vm) is not null || !Seed.HasUserScript(vm)) return;
        // The end may be on the console already, not yet seen by the watcher.
        var end = !string.IsNullOrEmpty(image.ScriptEndMarker) && File.Exists(vm.ConsoleLog)
                  && ExitStatus(await ReadSharedAsync(vm.ConsoleLog, ct), image.ScriptEndMarker) is { } status
            ? new UserScriptEnd(status, $"user script exited {status}")
            : new UserScriptEnd(null, why);
        await RecordEndAsync(vm, image, end, ct);
    }

    private static async Task RecordEndAsync(VmFolder vm, ImageManifest image, UserScriptEnd end, CancellationToken ct)
    {
        await Seed.RemoveUserScriptAsync(vm, image, ct);
        var text = (end.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "-") + " " + end.Message;
        await File.WriteAllTextAsync(vm.ScriptEndFile, text, ct);
    }

    private static UserScriptEnd? RecordedEnd(VmFolder vm)
    {
        string text;
        try
        {
            text = File.ReadAllText(vm.ScriptEndFile);
        }
        catch (IOException)
        {
            return null;
        }
        var (status, message) = text.IndexOf(' ') is var sp and > 0 ? (text[..sp], text[(sp + 1)..]) : (text, "");
        return new UserScriptEnd(int.TryParse(status, CultureInfo.InvariantCulture, out var s) ? s : null, message);
    }

    /// <summary>The status on the marker's line: "MARKER 0" (the last such line, should the guest print more).</summary>
    internal static int? ExitStatus(string console, string marker)
    {
        int? status = null;
        foreach (var raw in console.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith(marker + " ", StringComparison.Ordinal)) continue;
            if (int.TryParse(line[(marker.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture, out var s)) status = s;
        }
        return status;
    }
}
