using System.Diagnostics;
using OpenEcs.Server.Tests.Infrastructure;
using Xunit.Abstractions;
using static OpenEcs.Server.Tests.Qemu.QemuNetworkTests;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>
/// A private network between two hosts: two network namespaces the test creates stand for two hypervisor machines,
/// joined by a veth pair as the network between them (the underlay); each runs OpenECS with its VMs. With
/// OpenEcs:Qemu:Vxlan set, net000001 is one segment across both (a VXLAN device on each host's bridge); a VM on another
/// network, in the same subnet, reaches neither.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuVxlanTests(ITestOutputHelper output)
{
    [QemuBridgeFact]
    public async Task A_network_spans_two_hosts_by_vxlan_and_stays_apart_from_another()
    {
        var keys = TestKeys.Create("vxlan-test@openecs");
        using var west = NetworkNamespace.Create("10.233.0.1/24");
        using var east = NetworkNamespace.Create("10.234.0.1/24");
        west.Exec("ip", "link", "add", "u0", "type", "veth", "peer", "name", "u1", "netns", east.Name);
        west.Exec("ip", "addr", "add", "10.240.0.1/24", "dev", "u0");
        west.Exec("ip", "link", "set", "u0", "up");
        east.Exec("ip", "addr", "add", "10.240.0.2/24", "dev", "u1");
        east.Exec("ip", "link", "set", "u1", "up");
        await using var westDb = await TestDatabase.CreateAsync();
        await using var eastDb = await TestDatabase.CreateAsync();
        var hosts = new[] { (Ns: west, Db: westDb, Local: "10.240.0.1", Peer: "10.240.0.2"), (Ns: east, Db: eastDb, Local: "10.240.0.2", Peer: "10.240.0.1") };
        var servers = new List<(Process Process, HttpClient Api, string Log)>();
        try
        {
            foreach (var h in hosts)
            {
                var socket = Path.Combine(h.Db.DataDir, "api.sock");
                var log = Path.Combine(h.Db.DataDir, "server.log");
                var process = h.Ns.StartServer(h.Db, socket, [], [.. QemuTestImage.Settings("OpenEcs:Qemu:Accel=tcg",
                    $"OpenEcs:Qemu:Vxlan:Local={h.Local}", $"OpenEcs:Qemu:Vxlan:Peers:0={h.Peer}")], log);
                servers.Add((process, NetworkNamespace.UnixClient(socket), log));
            }
            foreach (var (process, api, log) in servers)
            {
                await Http.EventuallyAsync(async () =>
                {
                    try { return (await api.GetAsync("/healthz")).IsSuccessStatusCode; }
                    catch (HttpRequestException) { return false; }
                }, ok => ok || process.HasExited, "a server in its namespace to answer", 90_000);
                Assert.False(process.HasExited, "a server exited: " + await File.ReadAllTextAsync(log));
                (await api.PostJsonAsync("sshkeys", new { key = keys.PublicKey, label = "k" })).AssertOk();
            }
            var (westApi, eastApi) = (servers[0].Api, servers[1].Api);
            // Two stores stand for the one of a cluster: their server names (and so the MACs hashed from them) must differ.
            await eastDb.ScalarAsync("UPDATE \"NameCounters\" SET \"Value\" = 500 WHERE \"Name\" = 'ec2'");
            // Both stores number their networks alike: net000001 on each host is the one segment (VNI 1).
            var blue = (string)(await westApi.PostJsonAsync("networks")).AssertOk()["network"]!["name"]!;
            Assert.Equal(blue, (string)(await eastApi.PostJsonAsync("networks")).AssertOk()["network"]!["name"]!);
            var red = (string)(await eastApi.PostJsonAsync("networks")).AssertOk()["network"]!["name"]!;

            var clock = Stopwatch.StartNew();
            var a = await CreateAsync(westApi, "a", blue);
            var b = await CreateAsync(eastApi, "b", blue);
            var c = await CreateAsync(eastApi, "c", red);
            var vms = new[] { (Name: a, Ns: west, Api: westApi, Network: blue, Address: "192.168.79.1"),
                              (Name: b, Ns: east, Api: eastApi, Network: blue, Address: "192.168.79.2"),
                              (Name: c, Ns: east, Api: eastApi, Network: red, Address: "192.168.79.3") };
            var ports = new Dictionary<string, int>();
            foreach (var vm in vms) ports[vm.Name] = await BootedAsync(vm.Api, vm.Name);
            output.WriteLine($"three VMs on two hosts Booted in {clock.Elapsed.TotalSeconds:0.0} s");

            foreach (var vm in vms)
            {
                var mac = (string)(await vm.Api.GetJsonAsync($"servers/{vm.Name}/networks/{vm.Network}/vlans")).AssertOk()["vlans"]![0]!["mac_address"]!;
                var nic = Ssh(vm.Ns, keys, ports[vm.Name], $"ip -o link | grep -i '{mac}' | cut -d: -f2 | tr -d ' '").Trim();
                Assert.False(string.IsNullOrEmpty(nic), $"{vm.Name} has no NIC with MAC {mac}");
                Ssh(vm.Ns, keys, ports[vm.Name], $"sudo -n ip link set {nic} up && sudo -n ip addr add {vm.Address}/24 dev {nic}");
            }
            var fromA = Probe(west, keys, ports[a], "192.168.79.2", "192.168.79.3");
            var fromC = Probe(east, keys, ports[c], "192.168.79.1", "192.168.79.2");
            output.WriteLine($"from a (west): {fromA}; from c (east): {fromC}");
            Assert.Equal("192.168.79.2=yes 192.168.79.3=no", fromA);
            Assert.Equal("192.168.79.1=no 192.168.79.2=no", fromC);
            Assert.Single(Links(west), l => l.StartsWith("oev", StringComparison.Ordinal));
            Assert.Equal(2, Links(east).Count(l => l.StartsWith("oev", StringComparison.Ordinal)));
            Assert.Contains("id 1 ", west.Exec("ip", "-d", "link", "show", "type", "vxlan"));

            foreach (var vm in vms)
            {
                var delete = (await vm.Api.DeleteJsonAsync($"servers/{vm.Name}")).AssertOk();
                Assert.Equal("completed", (string)(await QemuLifecycleTests.WaitAsync(vm.Api, (long)delete["action"]!["id"]!, TimeSpan.FromMinutes(1)))["status"]!);
            }
            // The last VM of a network on a host takes its bridge and VXLAN device with it.
            foreach (var ns in new[] { west, east })
                Assert.DoesNotContain(Links(ns), l => l.StartsWith("oev", StringComparison.Ordinal) || l.StartsWith("oeb", StringComparison.Ordinal));
            Assert.Contains("Private networks span hosts by VXLAN: this host is 10.240.0.1, UDP port 4789, peers 10.240.0.2", await File.ReadAllTextAsync(servers[0].Log));
        }
        finally
        {
            foreach (var db in new[] { westDb, eastDb }) QemuTestImage.KillVmsUnder(db.DataDir);
            foreach (var (process, api, log) in servers)
            {
                api.Dispose();
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                if (File.Exists(log)) output.WriteLine(await File.ReadAllTextAsync(log));
            }
        }
    }
}
