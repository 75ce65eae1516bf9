namespace OpenEcs.Hypervisors.Qemu;

/// <summary>A VM's folder holds the tenant's disk, seed and console: folders 0700, files 0600.</summary>
internal static class PrivateFiles
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, FolderMode);
        File.SetUnixFileMode(path, FolderMode);
    }

    /// <summary>A new file (an old one is replaced), created 0600 so that it is never readable by others, even briefly.</summary>
    public static FileStream Create(string path)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }

    public static void Write(string path, string text)
    {
        using var stream = Create(path);
        stream.Write(System.Text.Encoding.UTF8.GetBytes(text));
    }

    /// <summary>For files another program wrote (the seed iso).</summary>
    public static void Protect(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, FileMode);
    }
}
