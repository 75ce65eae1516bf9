using OpenEcs.Cli.Config;
using OpenEcs.Cli.Hosting;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Client.Tests.Support;

/// <summary>
/// The `ecs` tool run inside the test process (the same code as the binary, without the cost of starting one), with
/// its own config file and output writers: for the many commands beyond the acceptance walk, which runs as a process.
/// </summary>
public sealed class CliInProcess
{
    public string ConfigPath { get; } = Path.Combine(TempDir.Create(), "ecs", "config.json");

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(args, stdin: "");

    public async Task<CliResult> RunAsync(string[] args, string stdin)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var host = new CliHost(stdout, stderr, new StringReader(stdin), stdoutIsTerminal: false, stderrIsTerminal: false, () => new ConfigStore(ConfigPath));
        var code = await EcsCli.RunAsync(args, host);
        return new CliResult(string.Join(' ', args), code, stdout.ToString(), stderr.ToString());
    }
}
