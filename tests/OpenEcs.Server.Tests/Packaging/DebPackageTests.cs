using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Packaging;

/// <summary>
/// The .deb on this machine, as an operator meets it: install, the service's user and folders, the server it runs
/// answering, an upgrade in place that keeps the data and the edited settings, remove, purge. Where systemd is not
/// PID 1 (containers, CI) the unit's ExecStart runs by hand as the unit's user, with its environment and umask.
/// </summary>
public sealed class DebPackageTests(ITestOutputHelper output)
{
    private const string Unit = "/usr/lib/systemd/system/openecs.service";
    private const string Data = "/var/lib/openecs";
    private const string Settings = "/etc/openecs/appsettings.json";
    /// <summary>Where systemd runs: the test's port, as a runtime drop-in (gone at reboot, removed at the end).</summary>
    private const string DropIns = "/run/systemd/system/openecs.service.d";

    [PackageFact]
    public async Task The_deb_installs_runs_upgrades_in_place_keeping_the_data_and_uninstalls_cleanly()
    {
        var build = await PackageBuild.GetAsync();
        output.WriteLine($"scripts/package.sh took {build.Took.TotalSeconds:0} s");
        await Dpkg("--purge", "openecs"); // a leftover of an interrupted run
        try
        {
            (await Dpkg("--install", build.Deb)).Ok();
            Assert.Equal(build.Version, await InstalledVersionAsync());
            AssertInstalledLayout();
            if (await Shell.RunAsync("sh", ["-c", "command -v systemd-analyze"]) is { ExitCode: 0 })
                (await Shell.RunAsync("systemd-analyze", ["verify", Unit])).Ok();

            string token, serverName;
            await using (var running = await StartServiceAsync())
            {
                AssertDataFolder();
                var credentials = await File.ReadAllTextAsync(Path.Combine(Data, "admin-credentials.txt"));
                token = credentials.Split('\n').Single(l => l.StartsWith("api_token: ", StringComparison.Ordinal))["api_token: ".Length..];
                using var api = running.Api(token);
                var created = (await api.PostJsonAsync("servers", new { plan = "ECS1", location = "it-fr2", image = "ubuntu-2404", notes = "before upgrade" })).AssertOk();
                serverName = (string)created["server"]!["name"]!;
                using var http = new HttpClient { BaseAddress = running.BaseAddress };
                // The packaged settings turn the emulator controls off; readiness holds on the installed store.
                Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/_openecs/health")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/ready")).StatusCode);
            }

            // An operator's edit of the settings, which the upgrade must keep.
            var edited = (await File.ReadAllTextAsync(Settings)).Replace("\"Speed\": \"realistic\"", "\"Speed\": \"instant\"");
            Assert.Contains("\"Speed\": \"instant\"", edited);
            await File.WriteAllTextAsync(Settings, edited);
            var credentialsBefore = await File.ReadAllTextAsync(Path.Combine(Data, "admin-credentials.txt"));

            var newer = await build.NewerDebAsync("+1");
            (await Dpkg("--install", newer)).Ok();
            Assert.Equal(build.Version + "+1", await InstalledVersionAsync());
            Assert.Equal(edited, await File.ReadAllTextAsync(Settings));
            Assert.Equal(credentialsBefore, await File.ReadAllTextAsync(Path.Combine(Data, "admin-credentials.txt")));
            AssertInstalledLayout();
            await using (var running = await StartServiceAsync())
            {
                AssertDataFolder();
                using var api = running.Api(token);
                var kept = (await api.GetJsonAsync($"servers/{serverName}")).AssertOk();
                Assert.Equal("before upgrade", (string)kept["server"]!["notes"]!);
            }

            (await Dpkg("--remove", "openecs")).Ok();
            foreach (var gone in new[] { "/usr/lib/openecs", "/usr/bin/openecs", Unit })
                Assert.False(Path.Exists(gone), $"{gone} is still there after remove");
            // Remove keeps what the operator made: the settings and the data.
            Assert.True(File.Exists(Settings));
            Assert.True(File.Exists(Path.Combine(Data, "openecs.db")));

            (await Dpkg("--purge", "openecs")).Ok();
            foreach (var gone in new[] { "/etc/openecs", Data, "/etc/systemd/system/multi-user.target.wants/openecs.service" })
                Assert.False(Path.Exists(gone), $"{gone} is still there after purge");
            Assert.NotEqual(0, (await Shell.RunAsync("getent", ["passwd", "openecs"])).ExitCode);
            Assert.NotEqual(0, (await Shell.RunAsync("getent", ["group", "openecs"])).ExitCode);
            Assert.Null(await InstalledVersionAsync());
        }
        finally
        {
            await Dpkg("--purge", "openecs");
            if (Directory.Exists(DropIns)) Directory.Delete(DropIns, recursive: true);
        }
    }

    private static void AssertInstalledLayout()
    {
        Assert.True(File.Exists("/usr/lib/openecs/OpenEcs.Server"));
        Assert.Equal("/usr/lib/openecs/OpenEcs.Server", Path.GetFullPath(new FileInfo("/usr/bin/openecs").ResolveLinkTarget(true)!.FullName));
        Assert.Equal(Settings, new FileInfo("/usr/lib/openecs/appsettings.json").LinkTarget);
        Assert.Equal("root:openecs 640", StatOf(Settings));
        Assert.Equal("openecs:openecs 700", StatOf(Data));
        var passwd = File.ReadAllLines("/etc/passwd").Single(l => l.StartsWith("openecs:", StringComparison.Ordinal)).Split(':');
        Assert.True(int.Parse(passwd[2]) < 1000, $"openecs is not a system user: uid {passwd[2]}");
        Assert.Equal(Data, passwd[5]);
        Assert.EndsWith("nologin", passwd[6]);
    }

    /// <summary>Everything the server wrote is the service user's and closed to everyone else.</summary>
    private static void AssertDataFolder()
    {
        Assert.Equal("openecs:openecs 700", StatOf(Data));
        Assert.Equal("openecs:openecs 600", StatOf(Path.Combine(Data, "admin-credentials.txt")));
        Assert.True(File.Exists(Path.Combine(Data, "openecs.db")));
        foreach (var entry in Directory.EnumerateFileSystemEntries(Data, "*", SearchOption.AllDirectories))
        {
            var stat = StatOf(entry);
            Assert.StartsWith("openecs:openecs ", stat);
            var mode = Convert.ToInt32(stat.Split(' ')[1], 8);
            Assert.True((mode & 0b111_111) == 0, $"{entry} is open to group or others: {stat}");
        }
    }

    private static string StatOf(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("stat", ["-c", "%U:%G %a", path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return p.ExitCode == 0 ? text : $"(missing: {path})";
    }

    private static async Task<string?> InstalledVersionAsync()
    {
        var q = await Shell.RunAsync("dpkg-query", ["-W", "-f=${Status} ${Version}", "openecs"]);
        return q.ExitCode == 0 && q.StdOut.StartsWith("install ok installed ", StringComparison.Ordinal) ? q.StdOut.Split(' ')[^1] : null;
    }

    private static Task<Shell.Result> Dpkg(params string[] args) =>
        Shell.RunAsync("dpkg", ["--force-confdef", "--force-confold", .. args], new Dictionary<string, string?> { ["DEBIAN_FRONTEND"] = "noninteractive" });

    /// <summary>The installed service on a free loopback port: through systemd where it runs, else its ExecStart by hand.</summary>
    private async Task<RunningService> StartServiceAsync()
    {
        var port = FreePort();
        var unit = UnitFile.Read(Unit);
        var url = $"http://127.0.0.1:{port}";
        if (Directory.Exists("/run/systemd/system"))
        {
            Directory.CreateDirectory(DropIns);
            await File.WriteAllTextAsync(Path.Combine(DropIns, "test-port.conf"), $"[Service]\nEnvironment=URLS={url}\n");
            (await Shell.RunAsync("systemctl", ["daemon-reload"])).Ok();
            (await Shell.RunAsync("systemctl", ["restart", "openecs.service"])).Ok();
            var service = new RunningService(new Uri(url), null, new StringBuilder());
            await service.WaitHealthyAsync();
            return service;
        }
        // As systemd would: the unit's user and group, no new privileges, its umask, working folder and environment only.
        var environment = new Dictionary<string, string?> { ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ["URLS"] = url };
        foreach (var assignment in unit.All("Environment"))
        {
            var (key, value) = (assignment[..assignment.IndexOf('=')], assignment[(assignment.IndexOf('=') + 1)..]);
            environment[key] = value;
        }
        var script = $"umask {unit.One("UMask")} && cd {unit.One("WorkingDirectory")} && exec env -i " +
                     string.Join(' ', environment.Select(e => $"'{e.Key}={e.Value}'")) + " " + unit.One("ExecStart");
        List<string> args = [$"--reuid={unit.One("User")}", $"--regid={unit.One("Group")}", "--init-groups"];
        if (unit.One("NoNewPrivileges") == "yes") args.Add("--no-new-privs");
        var log = new StringBuilder();
        var process = Shell.Start("setpriv", [.. args, "sh", "-c", script], null, log);
        var running = new RunningService(new Uri(url), process, log);
        try
        {
            await running.WaitHealthyAsync();
        }
        catch
        {
            output.WriteLine(log.ToString());
            await running.DisposeAsync();
            throw;
        }
        return running;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RunningService(Uri baseAddress, Process? process, StringBuilder log) : IAsyncDisposable
    {
        public Uri BaseAddress => baseAddress;

        public HttpClient Api(string token)
        {
            var client = new HttpClient { BaseAddress = new Uri(baseAddress, "/ecs/v2/") };
            client.DefaultRequestHeaders.Add("X-APITOKEN", token);
            return client;
        }

        public async Task WaitHealthyAsync()
        {
            using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (DateTime.UtcNow < deadline)
            {
                if (process is { HasExited: true }) throw new InvalidOperationException($"the service exited with {process.ExitCode}:\n{log}");
                try
                {
                    if ((await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK) return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }
                await Task.Delay(200);
            }
            throw new TimeoutException($"the service did not answer /healthz within 90 s:\n{log}");
        }

        public async ValueTask DisposeAsync()
        {
            if (process is null)
            {
                await Shell.RunAsync("systemctl", ["stop", "openecs.service"]);
                return;
            }
            // SIGTERM, as systemd stops it: a clean stop exits 0.
            if (!process.HasExited) Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(45));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"the service did not stop on SIGTERM:\n{log}");
            }
            Assert.True(process.ExitCode == 0, $"the service exited {process.ExitCode} on SIGTERM:\n{log}");
        }
    }

    /// <summary>The [Service] keys of a unit file (no drop-ins: the package installs none; one assignment per Environment=).</summary>
    private sealed class UnitFile(List<KeyValuePair<string, string>> entries)
    {
        public static UnitFile Read(string path)
        {
            var entries = new List<KeyValuePair<string, string>>();
            var section = "";
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] is '#' or ';') continue;
                if (line.StartsWith('[')) section = line;
                else if (section == "[Service]" && line.IndexOf('=') is > 0 and var eq)
                    entries.Add(new(line[..eq], line[(eq + 1)..]));
            }
            return new UnitFile(entries);
        }

        public string One(string key) => entries.Last(e => e.Key == key).Value;
        public IEnumerable<string> All(string key) => entries.Where(e => e.Key == key).Select(e => e.Value);
    }
}
