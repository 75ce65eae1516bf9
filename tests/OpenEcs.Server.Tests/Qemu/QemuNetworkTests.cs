using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// Private networks for real, inside a network namespace the test creates (OpenECS, its VMs, their taps and the
/// networks' bridges are all there): two VMs on one network ping each other on it, a third on another network cannot
/// reach them though its address is in the same subnet. The first interface of a running server reboots it, the
/// removal of the last one too, as the docs say; the start-up log tells that this kernel tags no VLANs.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuNetworkTests(ITestOutputHelper output)
{
    [QemuBridgeFact]
    public async Task Vms_on_one_private_network_reach_each_other_and_no_one_else()
    {
        var keys = TestKeys.Create("networks-test@openecs");
        using var ns = NetworkNamespace.Create("10.232.0.1/24");
        await using var database = await TestDatabase.CreateAsync();
        var socket = Path.Combine(database.DataDir, "api.sock");
        var log = Path.Combine(database.DataDir, "server.log");
        using var server = ns.StartServer(database, socket, [], [.. QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg")], log);
        try
        {
            using var api = NetworkNamespace.UnixClient(socket);
            await Http.EventuallyAsync(async () =>
            {
                try { return (await api.GetAsync("/healthz")).IsSuccessStatusCode; }
                catch (HttpRequestException) { return false; }
            }, ok => ok || server.HasExited, "the server in the namespace to answer", 90_000);
            Assert.False(server.HasExited, "the server exited: " + await File.ReadAllTextAsync(log));
            (await api.PostJsonAsync("sshkeys", new { key = keys.PublicKey, label = "k" })).AssertOk();
            var blue = (string)(await api.PostJsonAsync("networks")).AssertOk()["network"]!["name"]!;
            var red = (string)(await api.PostJsonAsync("networks")).AssertOk()["network"]!["name"]!;

            var clock = Stopwatch.StartNew();
            var a = await CreateAsync(api, "a", blue);
            var b = await CreateAsync(api, "b", null);
            var c = await CreateAsync(api, "c", red);
            var ports = new Dictionary<string, int>();
            foreach (var name in new[] { a, b, c }) ports[name] = await BootedAsync(api, name);
            output.WriteLine($"three VMs Booted in {clock.Elapsed.TotalSeconds:0.0} s");

            // b joins blue once it runs: its first interface reboots it (a new QEMU), and it comes back Booted and running.
            var pid = QemuTestImage.Pid(database.DataDir, b);
            var added = (await api.PostJsonAsync($"servers/{b}/networks/{blue}/vlans", new { vlan_id = 1, pvid = true })).AssertOk();
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, (long)added["action"]!["id"]!, TimeSpan.FromMinutes(4)))["status"]!);
            output.WriteLine("b's launch after add_vlan: " + await File.ReadAllTextAsync(Path.Combine(QemuTestImage.VmFolder(database.DataDir, b), "launch.json")));
            Assert.NotEqual(pid, QemuTestImage.Pid(database.DataDir, b));
            var afterReboot = (await api.GetJsonAsync($"servers/{b}")).AssertOk()["server"]!;
            Assert.Equal(("Booted", "RUNNING"), ((string)afterReboot["status"]!, await PowerAsync(api, b)));
            ports[b] = (int)afterReboot["ssh_port"]!;

            // Each guest puts its private NIC (found by the MAC the API shows) in the same subnet: only the segment separates them.
            var addresses = new Dictionary<string, string> { [a] = "192.168.77.1", [b] = "192.168.77.2", [c] = "192.168.77.3" };
            foreach (var (name, network) in new[] { (a, blue), (b, blue), (c, red) })
            {
                var mac = (string)(await api.GetJsonAsync($"servers/{name}/networks/{network}/vlans")).AssertOk()["vlans"]![0]!["mac_address"]!;
                var nic = Ssh(ns, keys, ports[name], $"ip -o link | grep -i '{mac}' | cut -d: -f2 | tr -d ' '").Trim();
                Assert.False(string.IsNullOrEmpty(nic), $"{name} has no NIC with MAC {mac}: {Ssh(ns, keys, ports[name], "ip -o link")}");
                Ssh(ns, keys, ports[name], $"sudo -n ip link set {nic} up && sudo -n ip addr add {addresses[name]}/24 dev {nic}");
            }
            var fromA = Probe(ns, keys, ports[a], addresses[b], addresses[c]);
            var fromC = Probe(ns, keys, ports[c], addresses[a], addresses[b]);
            output.WriteLine($"from a: {fromA}; from c: {fromC}");
            Assert.Equal($"{addresses[b]}=yes {addresses[c]}=no", fromA);
            Assert.Equal($"{addresses[a]}=no {addresses[b]}=no", fromC);
            Assert.Equal(2, Links(ns).Count(l => l.StartsWith("oeb", StringComparison.Ordinal)));
            Assert.Equal(3, Links(ns).Count(l => l.StartsWith("oei", StringComparison.Ordinal)));

            // b's last VLAN goes: its NIC leaves (another reboot), and its tap leaves the host.
            pid = QemuTestImage.Pid(database.DataDir, b);
            var removed = (await api.DeleteJsonAsync($"servers/{b}/networks/{blue}/vlans/1")).AssertOk();
            Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, (long)removed["action"]!["id"]!, TimeSpan.FromMinutes(4)))["status"]!);
            Assert.NotEqual(pid, QemuTestImage.Pid(database.DataDir, b));
            Assert.Equal(2, Links(ns).Count(l => l.StartsWith("oei", StringComparison.Ordinal)));
            (await api.DeleteJsonAsync($"networks/{blue}")).AssertError(System.Net.HttpStatusCode.Conflict, a);

            foreach (var name in new[] { a, b, c })
            {
                var delete = (await api.DeleteJsonAsync($"servers/{name}")).AssertOk();
                Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(api, (long)delete["action"]!["id"]!, TimeSpan.FromMinutes(1)))["status"]!);
            }
            // The last VM off a network takes its bridge with it.
            Assert.DoesNotContain(Links(ns), l => l.StartsWith("oeb", StringComparison.Ordinal));
            Assert.DoesNotContain(Links(ns), l => l.StartsWith("oei", StringComparison.Ordinal));
            foreach (var network in new[] { blue, red }) (await api.DeleteJsonAsync($"networks/{network}")).AssertOk();
            Assert.Contains("802.1Q/VLAN filtering is unavailable on this kernel", await File.ReadAllTextAsync(log));
        }
        finally
        {
            QemuTestImage.KillVmsUnder(database.DataDir);
            if (!server.HasExited) server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            if (File.Exists(log)) output.WriteLine(await File.ReadAllTextAsync(log));
        }
    }

    internal static async Task<string> CreateAsync(HttpClient api, string notes, string? network)
    {
        var body = new JsonObject { ["plan"] = "ECS1", ["location"] = "it-fr2", ["image"] = "openecs-tiny", ["notes"] = notes, ["ssh_key"] = "k" };
        if (network is not null) body["networks"] = new JsonArray(new JsonObject { ["name"] = network });
        return (string)(await api.PostJsonAsync("servers", body)).AssertOk()["server"]!["name"]!;
    }

    internal static async Task<int> BootedAsync(HttpClient api, string name)
    {
        var server = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!,
            s => (string?)s["status"] is not "Booting", $"{name} to boot", 300_000);
        Assert.True((string?)server["status"] == "Booted", $"{name}: {server.ToJsonString()}");
        return (int)server["ssh_port"]!;
    }

    private static async Task<string> PowerAsync(HttpClient api, string name) =>
        (string)(await api.GetJsonAsync($"servers/{name}/status")).AssertOk()["current_status"]!;

    /// <summary>"ADDRESS=yes|no" for each, by ping from the guest.</summary>
    internal static string Probe(NetworkNamespace ns, TestKeys keys, int port, params string[] targets) =>
        Ssh(ns, keys, port, string.Join("; ", targets.Select(t =>
            $"if sudo -n ping -c 2 -W 3 {t} >/dev/null 2>&1; then printf '{t}=yes '; else printf '{t}=no '; fi"))).Trim();

    internal static string Ssh(NetworkNamespace ns, TestKeys keys, int port, string command) => ns.Exec(
        "ssh", "-i", keys.PrivatePath, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", "StrictHostKeyChecking=no",
        "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20", "-o", "BatchMode=yes", "ecuser@127.0.0.1", command);

    internal static List<string> Links(NetworkNamespace ns) =>
        ns.Exec("ip", "-o", "link").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0]).ToList();
}
