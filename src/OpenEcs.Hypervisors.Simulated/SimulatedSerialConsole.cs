using System.Text;
using System.Threading.Channels;

namespace OpenEcs.Hypervisors.Simulated;

/// <summary>
/// A pretend serial console: echoes what is typed like a terminal and answers a few shell commands
/// (echo, hostname, uname, uptime, date, whoami, help), so that console clients have something real to talk to.
/// </summary>
internal sealed class SimulatedSerialConsole : Stream
{
    private readonly Channel<byte[]> _output = Channel.CreateUnbounded<byte[]>();
    private readonly StringBuilder _line = new();
    private readonly string _hostname;
    private readonly TimeProvider _time;
    private byte[] _pending = [];
    private int _offset;

    public SimulatedSerialConsole(string hostname, TimeProvider time)
    {
        _hostname = hostname;
        _time = time;
        Emit($"\r\nDebian GNU/Linux 12 {hostname} ttyS0 (OpenECS simulated console)\r\n\r\n{Prompt}");
    }

    private string Prompt => $"root@{_hostname}:~# ";

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (_offset >= _pending.Length)
        {
            if (!await _output.Reader.WaitToReadAsync(ct)) return 0;
            _pending = await _output.Reader.ReadAsync(ct);
            _offset = 0;
        }
        var n = Math.Min(buffer.Length, _pending.Length - _offset);
        _pending.AsMemory(_offset, n).CopyTo(buffer);
        _offset += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        foreach (var ch in Encoding.UTF8.GetString(buffer.Span))
        {
            if (ch is '\r' or '\n')
            {
                Emit("\r\n" + Run(_line.ToString().Trim()) + Prompt);
                _line.Clear();
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
        }
        return ValueTask.CompletedTask;
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

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
        Emit("logout\r\n");
        _output.Writer.TryComplete();
        return "";
    }

    private void Emit(string text) => _output.Writer.TryWrite(Encoding.UTF8.GetBytes(text));

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _output.Writer.TryComplete();
        base.Dispose(disposing);
    }
}
