using System.CommandLine;
using System.Text;
using Microsoft.Win32.SafeHandles;
using OpenEcs.Cli.Console;
using OpenEcs.Cli.Hosting;

namespace OpenEcs.Cli.Commands;

/// <summary>`ecs servers console NAME`: the serial console in this terminal, in raw mode; Ctrl-] leaves.</summary>
internal static class ServerConsoleCommand
{
    public static EcsCommand Build(Argument<string> name) =>
        new EcsCommand("console", "Open the server's serial console in this terminal (Ctrl-] leaves)",
                "ecs servers console ec200001\necho uptime | ecs servers console ec200001")
            { name }
            .Runs(async (s, ct) =>
            {
                using var ecs = s.Connect();
                var server = s.Get(name)!;
                var access = await ecs.Servers.RequestConsoleAsync(server, ct);
                using var socket = await ecs.Servers.ConnectConsoleAsync(access, ct);
                var host = CliHost.Current;
                // The process's own descriptors, not Console's streams: .NET sets its own terminal mode around each
                // console read, which would undo raw mode.
                (Stream Input, Stream Output) streams = host.IsConsole
                    ? (Descriptor(0, FileAccess.Read), Descriptor(1, FileAccess.Write))
                    : (new MemoryStream(Encoding.UTF8.GetBytes(await host.Stdin.ReadToEndAsync(ct))), new WriterStream(host.Stdout));
                var (input, output) = streams;
                ConsoleSession.End end;
                using (var raw = host.IsConsole ? RawTerminal.Enter() : null)
                {
                    // Said once the terminal is raw: from here on every key, Ctrl-] included, reaches the session at once.
                    await host.Stderr.WriteAsync($"Connected to the console of {server}; Ctrl-] leaves.{(raw is null ? "\n" : "\r\n")}");
                    await host.Stderr.FlushAsync(ct);
                    end = await ConsoleSession.RunAsync(socket, input, output, ct);
                }
                await host.Stderr.WriteLineAsync(end == ConsoleSession.End.ConsoleClosed
                    ? $"\nThe console of {server} closed." : $"\nLeft the console of {server}.");
            });

    private static FileStream Descriptor(int fd, FileAccess access) => new(new SafeFileHandle(fd, ownsHandle: false), access, bufferSize: 0);

    /// <summary>Console bytes to a text writer (a test's), as UTF-8.</summary>
    private sealed class WriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => writer.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var chars = new char[_decoder.GetCharCount(buffer, offset, count)];
            _decoder.GetChars(buffer, offset, count, chars, 0);
            writer.Write(chars);
        }
    }
}
