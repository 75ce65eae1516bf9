using System.Runtime.InteropServices;

namespace OpenEcs.Cli.Console;

/// <summary>
/// Puts a terminal in raw mode (no line editing, no echo, no signals from Ctrl-C: every byte goes to the server) and
/// puts back what it found on dispose. termios is treated as an opaque buffer filled by tcgetattr and changed only by
/// cfmakeraw, so its layout never matters.
/// </summary>
internal sealed partial class RawTerminal : IDisposable
{
    private const int Stdin = 0;
    private const int TcsaNow = 0;
    private readonly byte[] _saved;

    private RawTerminal(byte[] saved) => _saved = saved;

    /// <summary>Raw mode on standard input when it is a terminal (Linux, macOS); null otherwise.</summary>
    public static RawTerminal? Enter()
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) || System.Console.IsInputRedirected) return null;
        var saved = new byte[256];
        if (tcgetattr(Stdin, saved) != 0) return null;
        var raw = (byte[])saved.Clone();
        cfmakeraw(raw);
        return tcsetattr(Stdin, TcsaNow, raw) == 0 ? new RawTerminal(saved) : null;
    }

    public void Dispose() => tcsetattr(Stdin, TcsaNow, _saved);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw([In, Out] byte[] termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, [In] byte[] termios);
}
