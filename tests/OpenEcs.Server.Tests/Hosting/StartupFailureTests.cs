using System.Net;
using System.Net.Sockets;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hosting;

/// <summary>
/// Each way a start can fail, as an operator meets it: the server run as a process, one sentence on stderr naming
/// what to fix, exit code 1, no stack trace, in the default text logs and in JSON logs at the most verbose level.
/// </summary>
public sealed class StartupFailureTests
{
    public static TheoryData<string> Logging => ["text", "json-trace"];

    [Theory, MemberData(nameof(Logging))]
    public async Task A_port_in_use(string logging)
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var result = await StartAsync(logging, [$"--urls=http://127.0.0.1:{port}"]);
        AssertOneSentence(result, $"127.0.0.1:{port}", "--urls");
    }

    [Theory, MemberData(nameof(Logging))]
    public async Task A_setting_of_the_wrong_type(string logging) =>
        AssertOneSentence(await StartAsync(logging, ["--OpenEcs:Limits:MaxBodyBytes=lots"]), "OpenEcs:Limits:MaxBodyBytes");

    [Theory, MemberData(nameof(Logging))]
    public async Task A_setting_out_of_range(string logging) =>
        AssertOneSentence(await StartAsync(logging, ["--OpenEcs:Limits:RequestsPerMinute=-5"]), "OpenEcs:Limits:RequestsPerMinute");

    [Theory, MemberData(nameof(Logging))]
    public async Task Missing_qemu_with_the_qemu_hypervisor(string logging)
    {
        var images = TempDir.Create();
        var result = await StartAsync(logging, ["--OpenEcs:Hypervisor:Kind=qemu", "--OpenEcs:Qemu:Binary=/nonexistent/qemu-system-x86_64",
            $"--OpenEcs:Qemu:ImagesDir={images}"]);
        AssertOneSentence(result, "OpenEcs:Qemu:Binary", "/nonexistent/qemu-system-x86_64");
    }

    [Theory, MemberData(nameof(Logging))]
    public async Task An_unreachable_postgresql(string logging)
    {
        // A port nobody listens on: taken, then freed.
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        var result = await StartAsync(logging, ["--OpenEcs:Storage:Provider=postgres",
            $"--ConnectionStrings:OpenEcs=Host=127.0.0.1;Port={port};Username=openecs;Password=secret-pw;Database=openecs"]);
        AssertOneSentence(result, "PostgreSQL", $"127.0.0.1:{port}", "ConnectionStrings:OpenEcs");
        Assert.DoesNotContain("secret-pw", result.StdErr);
    }

    [Theory, MemberData(nameof(Logging))]
    public async Task Pending_migrations_when_they_are_not_to_be_applied(string logging)
    {
        await using var database = await TestDatabase.CreateAsync();
        var result = await StartAsync(logging, [$"--OpenEcs:DataDir={database.DataDir}", "--OpenEcs:Storage:ApplyMigrations=false",
            .. database.Settings.Select(s => "--" + s)]);
        AssertOneSentence(result, "OpenEcs:Storage:ApplyMigrations", "pending");
    }

    private static Task<CommandResult> StartAsync(string logging, string[] settings)
    {
        List<string> args = ["--urls=http://127.0.0.1:0", $"--OpenEcs:DataDir={TempDir.Create()}", "--OpenEcs:Auth:PasswordIterations=1000"];
        if (logging == "json-trace") args.AddRange(["--Logging:Console:FormatterName=json", "--Logging:LogLevel:Default=Trace"]);
        // Later words win: a test's own DataDir replaces the default one.
        return ServerCommand.RunAsync([.. args, .. settings]);
    }

    private static void AssertOneSentence(CommandResult result, params string[] mentions)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("openecs: ", line);
        Assert.EndsWith(".", line);
        foreach (var m in mentions) Assert.Contains(m, line);
        foreach (var output in new[] { result.StdOut, result.StdErr })
        {
            Assert.DoesNotContain("   at ", output);
            Assert.DoesNotContain("Exception:", output);
        }
    }
}
