using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace OpenEcs.Hypervisors.Simulated;

/// <summary>
/// A pretend serial console: echoes what is typed like a terminal and answers a few shell commands
/// (echo, hostname, uname, uptime, date, whoami, help), so that console clients have something real to talk to.
/// What it prints waits in a bounded pipe: a client that types without reading is held back (its writes wait, as a
/// real serial line's would) instead of the console buffering without end.
/// </summary>
internal sealed class SimulatedSerialConsole : Stream
{
    /// <summary>Output held for a slow reader before typing waits; typing resumes once it is half read.</summary>
    public const int MaxPendingOutput = 64 * 1024;
    private const int FlushEvery = 4 * 1024;

    private readonly Pipe _output = new(new PipeOptions(
        pauseWriterThreshold: MaxPendingOutput, resumeWriterThreshold: MaxPendingOutput / 2, useSynchronizationContext: false));
    private readonly Stream _reader;
    private readonly StringBuilder _line = new();
    private readonly Decoder _utf8 = Encoding.UTF8.GetDecoder();
    private readonly string _hostname;
    private readonly TimeProvider _time;
    private int _unflushed;
    private bool _ended;

    public SimulatedSerialConsole(string hostname, TimeProvider time)
    {
        _hostname = hostname;
        _time = time;
        _reader = _output.Reader.AsStream();
        Emit($"\r\nDebian GNU/Linux 12 {hostname} ttyS0 (OpenECS simulated console)\r\n\r\n{Prompt}");
        _output.Writer.FlushAsync().AsTask().GetAwaiter().GetResult(); // far below the threshold: never waits
        _unflushed = 0;
    }

    private string Prompt => $"root@{_hostname}:~# ";

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => _reader.ReadAsync(buffer, ct);

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        if (_ended) return;
        var chars = new char[_utf8.GetCharCount(buffer.Span, flush: false)];
        _utf8.GetChars(buffer.Span, chars, flush: false);
        foreach (var ch in chars)
        {
            if (ch is '\r' or '\n')
            {
                Emit("\r\n" + Run(_line.ToString().Trim()));
                _line.Clear();
                if (_ended) break;
                Emit(Prompt);
            }
            else if (ch is '\x7f' or '\b')
            {
                if (_line.Length > 0) { _line.Length--; Emit("\b \b"); }
            }
            else if (!char.IsControl(ch) && _line.Length < 4096)
            {
                _line.Append(ch);
                Emit(ch.ToString());
            }
            // Waits here while the reader is behind: the bound on what this console holds.
            if (_unflushed >= FlushEvery) await FlushAsync(ct);
        }
        if (_ended) await _output.Writer.CompleteAsync();
        else await FlushAsync(ct);
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async Task FlushAsync(CancellationToken ct)
    {
        if (_unflushed == 0 || _ended) return;
        _unflushed = 0;
        await _output.Writer.FlushAsync(ct);
    }

    private string Run(string command)
    {
        var (verb, rest) = command.IndexOf(' ') is var i and >= 0 ? (command[..i], command[(i + 1)..]) : (command, "");
        return verb switch
        {
            "" => "",
            "echo" => rest + "\r\n",
            "hostname" => _hostname + "\r\n",
            "whoami" => "root\r\n",
            "uname" => rest.Contains("-a") ? $"Linux {_hostname} 6.1.0-openecs #1 SMP x86_64 GNU/Linux\r\n" : "Linux\r\n",
            "date" => _time.GetUtcNow().ToString("ddd MMM d HH:mm:ss 'UTC' yyyy") + "\r\n",
            "uptime" => $" {_time.GetUtcNow():HH:mm:ss} up, 1 user, load average: 0.00, 0.01, 0.05\r\n",
            "help" => "simulated console: echo, hostname, whoami, uname, date, uptime, exit\r\n",
            "exit" or "logout" => Logout(),
            _ => $"-sh: {verb}: command not found\r\n",
        };
    }

    private string Logout()
    {
        _ended = true;
        return "logout\r\n";
    }

    private void Emit(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        _output.Writer.Write(bytes);
        _unflushed += bytes.Length;
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _output.Writer.Complete();
        _output.Reader.Complete();
        base.Dispose(disposing);
    }
}
