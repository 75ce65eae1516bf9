using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hosts;

/// <summary>
/// A control plane (Kind=agents) and simulated agents, each its own process over the real channel (gRPC-Web on the
/// API's port): placement by capacity, refusal where nothing fits, a host that dies and comes back, revocation.
/// </summary>
[Collection(Serial.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AgentHostsTests
{
    private static readonly string[] ControlPlane =
    [
        "OpenEcs:Hypervisor:Kind=agents", $"OpenEcs:Cluster:JoinToken={AgentProcess.JoinToken}", "OpenEcs:Hosts:DownAfter=00:00:02",
        "OpenEcs:Hosts:CpuOvercommit=1", "OpenEcs:Simulator:TimeScale=0.2", "OpenEcs:Cluster:LeaseDuration=00:00:03",
    ];

    [Fact]
    public async Task Creates_spread_over_the_hosts_by_capacity_and_what_fits_no_host_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var cp = await ServerProcess.StartAsync(database, "instant", ControlPlane);
        using var api = cp.Client();
        using var admin = cp.Emulator();
        using var big = AgentProcess.Start(cp, "fr-big", "it-fr2", settings: ["OpenEcs:Simulator:Speed=instant", "OpenEcs:Agent:Capacity:Cpu=6", "OpenEcs:Agent:Capacity:RamMb=16384"]);
        using var small = AgentProcess.Start(cp, "fr-small", "it-fr2", settings: ["OpenEcs:Simulator:Speed=instant", "OpenEcs:Agent:Capacity:Cpu=2", "OpenEcs:Agent:Capacity:RamMb=16384"]);
        using var mi = AgentProcess.Start(cp, "mi-1", "it-mi2", settings: ["OpenEcs:Simulator:Speed=instant", "OpenEcs:Agent:Capacity:Cpu=4", "OpenEcs:Agent:Capacity:RamMb=16384"]);
        await HostsUpAsync(admin, 3);

        // eCS5 has 8 CPUs: no host has them (no overcommit here), so it is refused and shown unavailable.
        (await api.PostJsonAsync("servers", new { plan = "eCS5", location = "it-fr2", image = "ubuntu-2204", notes = "too big" }))
            .AssertError(HttpStatusCode.Conflict, "no host of it-fr2 can take a server of plan eCS5");
        var plans = (await api.GetJsonAsync("plans")).AssertOk()["plans"]!.AsArray();
        Assert.False((bool)Plan(plans, "eCS5")["available"]!);
        var ecs1 = Plan(plans, "eCS1");
        Assert.True((bool)ecs1["available"]!);
        // Only the regions with a host that has room are offered.
        Assert.Equal(["it-fr2", "it-mi2"], ecs1["available_regions"]!.AsArray().Select(r => (string)r!["location"]!).Order());

        // 12 one-CPU servers, four at a time: 8 fill it-fr2 (6 + 2 CPUs) and 4 fill it-mi2, and no host is overfilled.
        var names = new List<string>();
        foreach (var batch in Enumerable.Range(0, 12).Chunk(4))
        {
            var created = await Task.WhenAll(batch.Select(i => api.PostJsonAsync("servers",
                new { plan = "eCS1", location = i < 8 ? "it-fr2" : "it-mi2", image = "ubuntu-2204", notes = $"spread-{i}" })));
            names.AddRange(created.Select(c => (string)c.AssertOk()["server"]!["name"]!));
        }
        var servers = await Http.EventuallyAsync(async () => (await api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray(),
            list => list.Count == 12 && list.All(s => (string)s!["status"]! == "Booted"), "12 servers Booted", 60_000);
        Assert.All(servers, s => Assert.Equal("up", (string)s!["host_status"]!));
        var hosts = (await admin.GetJsonAsync("hosts")).AssertOk()["hosts"]!.AsArray().ToDictionary(h => (string)h!["name"]!, h => h!);
        Assert.Equal(6, (int)hosts["fr-big"]["servers"]!);
        Assert.Equal(2, (int)hosts["fr-small"]["servers"]!);
        Assert.Equal(4, (int)hosts["mi-1"]["servers"]!);
        Assert.Equal(6, (int)hosts["fr-big"]["allocated"]!["cpu"]!);

        // Full: the next one is refused with the API's error shape, and eCS1 is no longer offered anywhere.
        (await api.PostJsonAsync("servers", new { plan = "eCS1", location = "it-fr2", image = "ubuntu-2204", notes = "no room" }))
            .AssertError(HttpStatusCode.Conflict, "no host of it-fr2 can take a server of plan eCS1");
        Assert.False((bool)Plan((await api.GetJsonAsync("plans")).AssertOk()["plans"]!.AsArray(), "eCS1")["available"]!);

        // A delete gives the room back.
        var deleted = (await api.DeleteJsonAsync($"servers/{names[0]}")).AssertOk();
        await api.WaitForActionAsync((long)deleted["action"]!["id"]!);
        var ecs1Regions = Plan((await api.GetJsonAsync("plans")).AssertOk()["plans"]!.AsArray(), "eCS1")["available_regions"]!.AsArray();
        Assert.Equal(["it-fr2"], ecs1Regions.Select(r => (string)r!["location"]!));

        // plans/availables: the real hosts of each region, with the caller's servers on them; another account sees the
        // same hosts and none of these servers.
        var availability = (await api.GetJsonAsync("plans/availables")).AssertOk();
        var frHosts = RegionHosts(availability, "eCS1", "it-fr2");
        Assert.Equal(["fr-big", "fr-small"], frHosts.Select(h => (string)h!["host"]!).Order());
        Assert.Equal(7, frHosts.Sum(h => h!["servers"]!.AsArray().Count));
        using var other = await OtherAccountAsync(cp);
        var theirs = RegionHosts((await other.GetJsonAsync("plans/availables")).AssertOk(), "eCS1", "it-fr2");
        Assert.Equal(["fr-big", "fr-small"], theirs.Select(h => (string)h!["host"]!).Order());
        Assert.All(theirs, h => Assert.Empty(h!["servers"]!.AsArray()));
    }

    [Fact]
    public async Task A_killed_agent_holds_its_servers_actions_until_it_is_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var cp = await ServerProcess.StartAsync(database, "realistic", ControlPlane);
        using var api = cp.Client();
        using var admin = cp.Emulator();
        using var fr1 = AgentProcess.Start(cp, "fr-1", "it-fr2");
        using var fr2 = AgentProcess.Start(cp, "fr-2", "it-fr2");
        var mi = AgentProcess.Start(cp, "mi-1", "it-mi2");
        try
        {
            await HostsUpAsync(admin, 3);
            // The credential is the agent's secret: kept 0600 in its data folder.
            var credential = Path.Combine(mi.DataDir, "agent-credential");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(credential));

            var created = (await api.PostJsonAsync("servers", new { plan = "eCS1", location = "it-mi2", image = "ubuntu-2204", notes = "on mi" })).AssertOk();
            var name = (string)created["server"]!["name"]!;
            var actionId = (long)created["action_id"]!;
            // Mid-create: the agent has begun (progress reported), then dies.
            await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{actionId}")).AssertOk()["action"]!,
                a => (int)a["progress"]! > 0, "the create under way on mi-1", 20_000);
            mi.Kill();

            var server = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!,
                s => (string?)s["host_status"] == "down", "the server's host shown down", 15_000);
            Assert.Equal("Booting", (string)server["status"]!);
            var waiting = (await api.GetJsonAsync($"actions/{actionId}")).AssertOk()["action"]!;
            Assert.Equal("in-progress", (string)waiting["status"]!);
            Assert.Contains("waiting for host mi-1", (string?)waiting["message"] ?? "");
            var hosts = (await admin.GetJsonAsync("hosts")).AssertOk()["hosts"]!.AsArray();
            Assert.Equal("down", (string)hosts.Single(h => (string)h!["name"]! == "mi-1")!["status"]!);

            // The other region's hosts are not held up.
            var onFr = (await api.PostJsonAsync("servers", new { plan = "eCS1", location = "it-fr2", image = "ubuntu-2204", notes = "on fr" })).AssertOk();
            await WaitCompletedAsync(api, (long)onFr["action_id"]!);

            // Back with its credential (no join token this time): the waiting create completes on it.
            mi = AgentProcess.Start(cp, "mi-1", "it-mi2", mi.DataDir, joinToken: false);
            await WaitCompletedAsync(api, actionId, mi);
            server = (await api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!;
            Assert.Equal("Booted", (string)server["status"]!);
            Assert.Equal("up", (string)server["host_status"]!);
        }
        finally
        {
            mi.Dispose();
        }
    }

    [Fact]
    public async Task A_revoked_host_is_cut_off_and_cannot_join_again()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var cp = await ServerProcess.StartAsync(database, "instant", ControlPlane);
        using var admin = cp.Emulator();
        // A control plane with no agent yet is alive and ready: hosts join when they come.
        using (var probe = new HttpClient { BaseAddress = cp.BaseAddress })
        {
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync("/healthz")).StatusCode);
            var ready = await probe.GetAsync("/healthz/ready");
            Assert.True(ready.StatusCode == HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
            Assert.Contains("agents (0 connected", await ready.Content.ReadAsStringAsync());
        }
        using var agent = AgentProcess.Start(cp, "hv-revoked", "it-fr2");
        await HostsUpAsync(admin, 1);

        var revoked = (await admin.PostJsonAsync("hosts/hv-revoked/revoke")).AssertOk()["host"]!;
        Assert.True((bool)revoked["revoked"]!);
        Assert.Equal(1, await agent.ExitCodeAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("refused host hv-revoked", agent.LogTail());

        // Neither its credential nor the join token lets it back in.
        using var again = AgentProcess.Start(cp, "hv-revoked", "it-fr2", agent.DataDir, joinToken: false);
        Assert.Equal(1, await again.ExitCodeAsync(TimeSpan.FromSeconds(20)));
        using var rejoin = AgentProcess.Start(cp, "hv-revoked", "it-fr2");
        Assert.Equal(1, await rejoin.ExitCodeAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("revoked: it cannot join again", rejoin.LogTail());
        // A wrong join token is refused too.
        using var stranger = AgentProcess.Start(cp, "hv-stranger", "it-fr2", settings: ["OpenEcs:Agent:JoinToken=not-the-token-of-this-cluster"]);
        Assert.Equal(1, await stranger.ExitCodeAsync(TimeSpan.FromSeconds(20)));

        // The server command sees the same hosts in the store.
        string[] store = [$"--OpenEcs:DataDir={database.DataDir}", "--OpenEcs:Hypervisor:Kind=agents", $"--OpenEcs:Cluster:JoinToken={AgentProcess.JoinToken}",
            .. database.Settings.Select(s => "--" + s)];
        var list = await ServerCommand.RunAsync(["hosts", "list", .. store]);
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"hv-revoked\s+it-fr2\s+down\s+revoked", list.StdOut);
        Assert.DoesNotContain("hv-stranger", list.StdOut);
    }

    [Fact]
    public async Task A_host_that_will_not_return_is_forgotten_with_its_servers()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var cp = await ServerProcess.StartAsync(database, "instant", ControlPlane);
        using var api = cp.Client();
        using var admin = cp.Emulator();
        using var agent = AgentProcess.Start(cp, "fr-gone", "it-fr2", settings: ["OpenEcs:Simulator:Speed=instant"]);
        await HostsUpAsync(admin, 1);
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var created = (await api.PostJsonAsync("servers", new { plan = "eCS1", location = "it-fr2", image = "ubuntu-2204", notes = $"gone-{i}" })).AssertOk();
            await WaitCompletedAsync(api, (long)created["action_id"]!, agent);
            names.Add((string)created["server"]!["name"]!);
        }
        // Nothing is taken from a running agent.
        (await admin.PostJsonAsync("hosts/fr-gone/forget")).AssertError(HttpStatusCode.Conflict, "host fr-gone is up");

        agent.Kill();
        await HostsUpAsync(admin, 0);
        var off = (await api.PostJsonAsync($"servers/{names[0]}/actions", new { type = "power_off" })).AssertOk();
        var offId = (long)off["action"]!["id"]!;
        await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{offId}")).AssertOk()["action"]!,
            a => ((string?)a["message"] ?? "").Contains("waiting for host fr-gone"), "the power-off waiting for its host", 15_000);

        var forgotten = (await admin.PostJsonAsync("hosts/fr-gone/forget")).AssertOk();
        Assert.Equal(2, (int)forgotten["servers_deleted"]!);
        var failed = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{offId}")).AssertOk()["action"]!,
            a => (string)a["status"]! != "in-progress", "the waiting power-off to end", 15_000);
        Assert.Equal("failed", (string)failed["status"]!);
        Assert.Contains("host fr-gone was forgotten", (string)failed["message"]!);
        Assert.Empty((await api.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray());
        (await api.GetJsonAsync($"servers/{names[1]}")).AssertError(HttpStatusCode.NotFound);
        Assert.Empty((await admin.GetJsonAsync("hosts")).AssertOk()["hosts"]!.AsArray());
    }

    [PostgresFact]
    public async Task Two_replicas_carry_out_the_actions_of_an_agent_connected_to_one_of_them()
    {
        await using var database = await TestDatabase.CreateAsync();
        using var a = await ServerProcess.StartAsync(database, "instant", ControlPlane);
        using var b = await ServerProcess.StartAsync(database, "instant", ControlPlane);
        using var apiB = b.Client();
        using var adminB = b.Emulator();
        // The agent's stream is on A; every create goes to B, whose runner is woken first and hands its claims to A.
        using var agent = AgentProcess.Start(a, "fr-1", "it-fr2", settings: ["OpenEcs:Simulator:Speed=instant"]);
        await HostsUpAsync(adminB, 1);

        var ids = new List<long>();
        for (var i = 0; i < 6; i++)
            ids.Add((long)(await apiB.PostJsonAsync("servers", new { plan = "eCS1", location = "it-fr2", image = "ubuntu-2204", notes = $"via-b-{i}" }))
                .AssertOk()["action_id"]!);
        foreach (var id in ids) await WaitCompletedAsync(apiB, id, agent);
        var servers = (await apiB.GetJsonAsync("servers")).AssertOk()["server"]!.AsArray();
        Assert.Equal(6, servers.Count(s => (string)s!["status"]! == "Booted"));
        Assert.True(b.LogTail(400).Contains("handed over to replica"), "B should have handed some of its claims to A:\n" + b.LogTail());
        // A handed-over run is no attempt: each create ran once where it could.
        Assert.Equal(0L, Convert.ToInt64(await database.ScalarAsync("SELECT COUNT(*) FROM \"Actions\" WHERE \"Attempts\" > 1")));
    }

    private static async Task HostsUpAsync(HttpClient admin, int count) =>
        await Http.EventuallyAsync(async () => (await admin.GetJsonAsync("hosts")).AssertOk()["hosts"]!.AsArray(),
            hosts => hosts.Count(h => (string)h!["status"]! == "up") == count, $"{count} hosts up", 60_000);

    private static async Task WaitCompletedAsync(HttpClient api, long id, AgentProcess? agent = null)
    {
        var action = await Http.EventuallyAsync(async () => (await api.GetJsonAsync($"actions/{id}")).AssertOk()["action"]!,
            a => (string)a["status"]! != "in-progress", $"action {id} to end", 60_000);
        Assert.True((string)action["status"]! == "completed", $"{action.ToJsonString()}\n{agent?.LogTail()}");
    }

    private static JsonNode Plan(JsonArray plans, string name) => plans.Single(p => (string)p!["name"]! == name)!;

    private static JsonArray RegionHosts(JsonNode availability, string plan, string region) =>
        Plan(availability["plans"]!.AsArray(), plan)["region_availables"]!.AsArray()
            .Single(r => (string)r!["region"]! == region)!["hosts"]!.AsArray();

    private static async Task<HttpClient> OtherAccountAsync(ServerProcess cp)
    {
        using var admin = cp.Emulator();
        (await admin.PostJsonAsync("accounts", new { username = "other", password = "other-password-1", email = "other@example.com" })).AssertOk();
        using var anonymous = new HttpClient { BaseAddress = new Uri(cp.BaseAddress, "/ecs/v2/") };
        var token = (string)(await anonymous.PostJsonAsync("login", new { username = "other", password = "other-password-1" })).AssertOk()["token"]!;
        var client = new HttpClient { BaseAddress = new Uri(cp.BaseAddress, "/ecs/v2/") };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
