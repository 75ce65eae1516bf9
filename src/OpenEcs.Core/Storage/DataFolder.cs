using System.Runtime.InteropServices;

namespace OpenEcs.Core.Storage;

/// <summary>
/// The data folder holds the operator's and the tenants' secrets (the SQLite store with password hashes and user
/// scripts, the signing key, VM disks and seeds): the process creates everything in it for its own user only, whatever
/// umask it was started with, and brings an existing folder (and the store files in it) back to that.
/// </summary>
public static class DataFolder
{
    public const string LockFile = "openecs.lock";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>Creates (or tightens) the folder 0700 and its store files 0600; every file this process and its children
    /// (QEMU, qemu-img) create from now on is 0600 and every folder 0700.</summary>
    public static string Prepare(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
            return dir;
        }
        _ = umask(0b000_111_111); // 077: children inherit it
        if (!Directory.Exists(dir)) Directory.CreateDirectory(dir, OwnerOnlyFolder);
        TryRestrict(dir, OwnerOnlyFolder);
        // The store (with its -wal and -shm), the signing key, the generated credentials, the lock: all of them.
        foreach (var file in Directory.EnumerateFiles(dir)) TryRestrict(file, OwnerOnly);
        return dir;
    }

    /// <summary>
    /// Holds the folder for this process: an exclusive flock on its lock file (FileShare.None is flock(LOCK_EX|LOCK_NB)
    /// in .NET on Unix; the descriptor is O_CLOEXEC, so the QEMU processes started later do not inherit it). The kernel
    /// lets go when the process ends, kill -9 included.
    /// </summary>
    public static IDisposable Lock(string dir)
    {
        var path = Path.Combine(dir, LockFile);
        var open = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) open.UnixCreateMode = OwnerOnly;
        try
        {
            return new FileStream(path, open);
        }
        catch (IOException e)
        {
            throw new DataFolderInUseException(
                $"another OpenECS process is serving the data folder {dir} (it holds {path}): stop it first, or give this one a " +
                $"data folder of its own (OpenEcs:DataDir). `accounts add|list` work beside a running server. ({e.Message})");
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void TryRestrict(string path, UnixFileMode mode)
    {
        try
        {
            if (File.GetUnixFileMode(path) != mode) File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to change (a folder given by the operator): what this process creates in it is still 0600.
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for this one blittable call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint umask(uint mask);
#pragma warning restore SYSLIB1054
}

/// <summary>A second server on a data folder that another one serves (SQLite: one process owns the store).</summary>
public sealed class DataFolderInUseException(string message) : Exception(message);
