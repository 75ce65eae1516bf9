using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenEcs.Hypervisors.Qemu;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// Bridge mode, run for real inside a network namespace the test creates: OpenECS runs there (so do its VMs and taps),
/// the namespace's bridge is the operator's. SkyPilot's sequence (ping the ipv4, ssh ecuser@ipv4 on port 22) works;
/// a forged source address is dropped; VMs of two accounts cannot reach each other; the host's services are closed
/// to VMs but the one the operator opened.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed partial class QemuBridgeTests(ITestOutputHelper output)
{
    private const string Pool = "10.231.0.0/24";
    private const int ApiPort = 18080;
    private const int OpenedPort = 18081;

    [QemuBridgeFact]
    public async Task Vms_on_the_bridge_get_pool_addresses_answer_ping_and_ssh_and_stay_in_their_lane()
    {
        var keys = TestKeys.Create("bridge-test@openecs");
        using var ns = NetworkNamespace.Create("10.231.0.1/24");
        await using var database = await TestDatabase.CreateAsync();
        var socket = Path.Combine(database.DataDir, "api.sock");
        var gateway = ns.Gateway;
        using var server = ns.StartServer(database, socket, [$"http://{gateway}:{ApiPort}", $"http://{gateway}:{OpenedPort}"],
        [
            .. QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg"),
            "OpenEcs:Qemu:Network:Mode=bridge", $"OpenEcs:Qemu:Network:Bridge={NetworkNamespace.Bridge}",
            $"OpenEcs:Qemu:Network:Gateway={gateway}", "OpenEcs:Qemu:Network:PrefixLength=24",
            $"OpenEcs:Qemu:Network:HostServices:0=tcp/{OpenedPort}", $"OpenEcs:Network:it-fr2:Ipv4Cidr={Pool}",
        ], Path.Combine(database.DataDir, "server.log"));
        try
        {
            using var admin = NetworkNamespace.UnixClient(socket);
            await Http.EventuallyAsync(async () =>
            {
                try { return (await admin.GetAsync("/healthz")).IsSuccessStatusCode; }
                catch (HttpRequestException) { return false; }
            }, ok => ok || server.HasExited, "the server in the namespace to answer", 90_000);
            Assert.False(server.HasExited, "the server exited: " + await File.ReadAllTextAsync(Path.Combine(database.DataDir, "server.log")));
            using var bob = await NewAccountAsync(socket, "bob");
            foreach (var client in new[] { admin, bob }) (await client.PostJsonAsync("sshkeys", new { key = keys.PublicKey, label = "k" })).AssertOk();

            var clock = Stopwatch.StartNew();
            var a1 = await CreateAsync(admin, "a1");
            var a2 = await CreateAsync(admin, "a2");
            var b1 = await CreateAsync(bob, "b1");
            var (ipA1, ipA2, ipB1) = (await BootedAsync(admin, a1), await BootedAsync(admin, a2), await BootedAsync(bob, b1));
            output.WriteLine($"three VMs Booted in {clock.Elapsed.TotalSeconds:0.0} s: {a1} {ipA1}, {a2} {ipA2}, {b1} {ipB1}");
            foreach (var ip in new[] { ipA1, ipA2, ipB1 }) Assert.StartsWith("10.231.0.", ip);
            Assert.Equal(3, new[] { ipA1, ipA2, ipB1 }.Distinct().Count());

            // SkyPilot's sequence, from the namespace (the operator's network): ping the address, ssh ecuser@ipv4 on port 22.
            foreach (var ip in new[] { ipA1, ipA2, ipB1 }) ns.Exec("ping", "-c", "1", "-W", "10", ip);
            Assert.Equal(a1, Ssh(ns, keys, ipA1, "hostname").Trim());
            Assert.Equal(b1, Ssh(ns, keys, ipB1, "hostname").Trim());

            // From a1: its own account's VM and the opened host service answer; the other account's VM and the API do not.
            var probe = Ssh(ns, keys, ipA1,
                $"p() {{ if \"$@\" >/dev/null 2>&1; then echo yes; else echo no; fi; }}; " +
                $"echo same-account=$(p sudo -n ping -c 1 -W 3 {ipA2}) other-account=$(p sudo -n ping -c 1 -W 3 {ipB1}) gateway=$(p sudo -n ping -c 1 -W 3 {gateway}) " +
                $"opened=$(p timeout 5 wget -q -O - http://{gateway}:{OpenedPort}/healthz) api=$(p timeout 5 wget -q -O - http://{gateway}:{ApiPort}/healthz)");
            output.WriteLine("from a1: " + probe);
            Assert.Contains("same-account=yes", probe);
            Assert.Contains("other-account=no", probe);
            Assert.Contains("gateway=yes", probe);
            Assert.Contains("opened=yes", probe);
            Assert.Contains("api=no", probe);

            // A forged source address: dropped on the bridge (counted by its rule), while the VM's own address still gets through.
            var before = ForgedDrops(ns, a1);
            var forged = Ssh(ns, keys, ipA1,
                // Its own address first: the gateway's MAC is then known, so the forged pings leave the VM as IPv4 frames.
                $"if sudo -n ping -c 1 -W 3 -I {ipA1} {gateway} >/dev/null 2>&1; then echo own=through; else echo own=dropped; fi; " +
                $"sudo -n ip addr add 10.231.0.250/24 dev eth0; if sudo -n ping -c 3 -W 2 -I 10.231.0.250 {gateway} >/dev/null 2>&1; then echo forged=through; else echo forged=dropped; fi");
            output.WriteLine($"spoofing from a1: {forged}; drops counted {before} -> {ForgedDrops(ns, a1)}");
            Assert.Contains("forged=dropped", forged);
            Assert.Contains("own=through", forged);
            Assert.True(ForgedDrops(ns, a1) >= before + 3, "the forged pings were not dropped by the anti-spoofing rule");

            foreach (var (client, name) in new[] { (admin, a1), (admin, a2), (bob, b1) })
            {
                var delete = (await client.DeleteJsonAsync($"servers/{name}")).AssertOk();
                Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(client, (long)delete["action"]!["id"]!, TimeSpan.FromMinutes(1)))["status"]!);
            }
            // Delete takes the tap and its rules away; the host's own table stays for the next VM.
            var tables = ns.Exec("nft", "list", "tables");
            Assert.DoesNotContain("bridge openecs_oe", tables);
            Assert.Contains("inet openecs_host_br0", tables);
            var links = ns.Exec("ip", "-o", "link");
            foreach (var name in new[] { a1, a2, b1 }) Assert.DoesNotContain(Tap.NameOf(name), links);
        }
        finally
        {
            QemuTestImage.KillVmsUnder(database.DataDir);
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }

    private static async Task<string> CreateAsync(HttpClient api, string notes) =>
        (string)(await api.PostJsonAsync("servers", new JsonObject
        {
            ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "openecs-tiny", ["notes"] = notes, ["ssh_key"] = "k",
        })).AssertOk()["server"]!["name"]!;

    private static async Task<string> BootedAsync(HttpClient api, string name)
    {
        var server = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!,
            s => (string?)s["status"] is not "Booting", $"{name} to boot", 300_000);
        Assert.True((string?)server["status"] == "Booted", $"{name}: {server.ToJsonString()}");
        Assert.Null(server["ssh_port"]); // port 22 of its own address
        return (string)server["ipv4"]!;
    }

    private static string Ssh(NetworkNamespace ns, TestKeys keys, string ip, string command) => ns.Exec(
        "ssh", "-i", keys.PrivatePath, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
        "-o", "ConnectTimeout=20", "-o", "BatchMode=yes", $"ecuser@{ip}", command);

    /// <summary>Packets the VM's "ip saddr != its address" rule dropped so far.</summary>
    private static long ForgedDrops(NetworkNamespace ns, string server)
    {
        var rules = ns.Exec("nft", "list", "table", "bridge", BridgeFirewall.TableOf(Tap.NameOf(server)));
        var match = IpSpoofRule().Match(rules);
        Assert.True(match.Success, "no anti-spoofing rule in: " + rules);
        return long.Parse(match.Groups[1].Value);
    }

    [GeneratedRegex(@"ip saddr != [0-9.]+ counter packets (\d+)")]
    private static partial Regex IpSpoofRule();

    private static async Task<HttpClient> NewAccountAsync(string socket, string username)
    {
        const string password = "password-123";
        using var emulator = NetworkNamespace.UnixClient(socket, path: "/_openecs/");
        (await emulator.PostAsJsonAsync("accounts", new { username, password, email = $"{username}@example.com" })).EnsureSuccessStatusCode();
        using var anonymous = NetworkNamespace.UnixClient(socket, apiToken: null);
        var login = await anonymous.PostAsJsonAsync("login", new { username, password });
        var jwt = (string)(await login.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var bearer = NetworkNamespace.UnixClient(socket, apiToken: null);
        bearer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", jwt);
        var key = await bearer.PostAsJsonAsync("keys", new { notes = "tests" });
        return NetworkNamespace.UnixClient(socket, (string)(await key.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["token"]!);
    }
}

/// <summary>A QEMU test that also needs root and the ip and nft tools (bridge mode in a network namespace).</summary>
public sealed class QemuBridgeFactAttribute : FactAttribute
{
    public QemuBridgeFactAttribute()
    {
        Skip = new QemuFactAttribute().Skip ?? NetworkNamespace.Unavailable;
    }
}
