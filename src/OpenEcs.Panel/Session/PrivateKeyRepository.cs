using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;

namespace OpenEcs.Panel.Session;

/// <summary>
/// The cookie-encryption keys on disk, readable by the server's user only: the folder 0700, each key file 0600
/// (the framework's file repository leaves them to the umask, and on Linux the keys are stored unencrypted).
/// </summary>
public sealed class PrivateKeyRepository : IXmlRepository
{
    private readonly DirectoryInfo _dir;
    private readonly FileSystemXmlRepository _files;

    public PrivateKeyRepository(string dir, ILoggerFactory logs)
    {
        if (!OperatingSystem.IsWindows()) CreatePrivate(Path.GetFullPath(dir));
        _dir = Directory.CreateDirectory(dir);
        _files = new FileSystemXmlRepository(_dir, logs);
    }

    /// <summary>The folder and any missing parent (the data folder, on a first start) made 0700.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void CreatePrivate(string dir)
    {
        if (Directory.Exists(dir)) return;
        if (Path.GetDirectoryName(dir) is { } parent) CreatePrivate(parent);
        Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);
        if (OperatingSystem.IsWindows()) return;
        foreach (var file in _dir.EnumerateFiles("*.xml"))
            file.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    }
}
