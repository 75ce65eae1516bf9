using System.Globalization;
using System.Text.Json.Nodes;
using static OpenEcs.Bench.Report;

namespace OpenEcs.Bench;

/// <summary>
/// 6. hosts: placement and claiming must stay flat with the number of hosts. Two control planes (Kind=agents, SQLite)
/// run side by side, one with 2 simulated agents and one with 200, each store holding 10 000 Booted servers spread
/// evenly over its hosts (seeded straight into the store, with their host set, so they count against its capacity:
/// every host is sized for twice what it holds, so both are half full). Creates are measured in alternating rounds,
/// POST /servers → create action completed, as the create benchmark does; the figure is the 200-host value over the
/// 2-host one.
/// </summary>
public sealed partial class Bench
{
    private const int HostsSeeded = 10_000;
    private const string HostsRegion = "it-fr2";
    private const string JoinToken = "bench-join-token-0123456789abcdef";
    private static readonly int[] HostCounts = [2, 200];

    private async Task HostsAsync()
    {
        Console.Error.WriteLine($"bench: hosts, create on a control plane with {string.Join(" / ", HostCounts)} in-process simulated agents over gRPC-Web, {HostsSeeded} servers seeded on them");
        using var logs = LoggerFactory.Create(b => b.AddSimpleConsole(c => c.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var planes = new List<AgentCluster>();
        try
        {
            foreach (var hosts in HostCounts) planes.Add(await StartClusterAsync(hosts, logs));
            foreach (var p in planes) await ApiCreatesAsync(p.Api, 30, 4);
            var results = planes.Select(_ => new List<CreateRun>()).ToList();
            for (var round = 0; round < _plan.CreateRounds; round++)
            {
                // Alternate who goes first, so that a drift of the machine's load hurts both alike.
                for (var k = 0; k < planes.Count; k++)
                {
                    var i = (k + round) % planes.Count;
                    results[i].Add(await ApiCreatesAsync(planes[i].Api, _plan.CreatesPerRound, CreateConcurrency));
                    Console.Error.WriteLine($"  {planes[i].Agents.Count} hosts round {round + 1}: {F(results[i][^1].PerSecond, 0)}/s, p50 {Ms(results[i][^1].P50Ms)}, p99 {Ms(results[i][^1].P99Ms)}");
                }
            }
            await CheckSpreadAsync(planes[^1]);
            var (few, many) = (HostCounts[0], HostCounts[^1]);
            foreach (var (p, pick) in new (string, Func<CreateRun, double>)[] { ("p50", r => r.P50Ms), ("p99", r => r.P99Ms) })
            {
                var (o, b) = (Stats.Median(results[^1].Select(pick)), Stats.Median(results[0].Select(pick)));
                _report.Add(new Row($"hosts-create-{p}-{many}",
                    $"hosts: create→action completed {p}, {many} agents, {Short(HostsSeeded)} servers on them, {CreateConcurrency} clients (baseline: {few} agents)",
                    Ms(o), Ms(b), o / b, AtMost(o / b, 1.5)));
            }
        }
        finally
        {
            foreach (var p in planes) await p.DisposeAsync();
        }
    }

    /// <summary>A seeded store, its control plane, its agents joined and up.</summary>
    private async Task<AgentCluster> StartClusterAsync(int hosts, ILoggerFactory logs)
    {
        var store = BenchStore.Sqlite(Work);
        var cluster = new AgentCluster(store);
        try
        {
            await Seeder.SeedAsync(store, HostsSeeded, 1, HostsRegion, i => HostName(i % hosts));
            var port = Child.FreePort();
            cluster.Server = Child.Start($"openecs-hosts-{hosts}", "dotnet",
                [ServerDll, .. store.ServerArgs(port), "--OpenEcs:Hypervisor:Kind=agents", $"--OpenEcs:Cluster:JoinToken={JoinToken}",
                 // Capacity as the agents announce it, so that "twice what a host holds" is exactly that.
                 "--OpenEcs:Hosts:CpuOvercommit=1"],
                Path.Combine(Work, $"openecs-hosts-{hosts}.log"), new Uri($"http://127.0.0.1:{port}"));
            await cluster.Server.WaitHealthyAsync();
            cluster.Api = Client(cluster.Server);
            cluster.Admin = new HttpClient { BaseAddress = new Uri(cluster.Server.BaseAddress!, "/_openecs/"), Timeout = TimeSpan.FromSeconds(60) };
            cluster.Admin.DefaultRequestHeaders.Add("X-APITOKEN", BenchStore.AdminToken);
            var each = (HostsSeeded + hosts - 1) / hosts * 2;
            for (var h = 0; h < hosts; h++)
                cluster.Agents.Add(await InProcessAgent.StartAsync(cluster.Server.BaseAddress!, HostName(h), HostsRegion, JoinToken, each,
                    Path.Combine(store.DataDir, "agents", HostName(h)), logs));
            await WaitHostsUpAsync(cluster);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static string HostName(int h) => $"hv-{h:D3}";

    private static async Task WaitHostsUpAsync(AgentCluster cluster)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var hosts = JsonNode.Parse(await cluster.Admin!.GetStringAsync("hosts"))!["hosts"]!.AsArray();
            var up = hosts.Count(h => (string)h!["status"]! == "up");
            if (up == cluster.Agents.Count)
            {
                // The seeded servers are on the hosts' books: each holds its share of them.
                var held = hosts.Sum(h => (int)h!["servers"]!);
                if (held != HostsSeeded) throw new InvalidOperationException($"the hosts hold {held} servers, {HostsSeeded} were seeded on them");
                Console.Error.WriteLine($"  {up} hosts up in {clock.Elapsed.TotalSeconds:0.0} s, holding {held} servers");
                return;
            }
            if (cluster.Agents.FirstOrDefault(a => a.Exit.Code != 0) is { } refused)
                throw new InvalidOperationException($"the control plane refused agent {refused.HostName}");
            if (clock.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"{up} of {cluster.Agents.Count} hosts up after 120 s");
            await Task.Delay(250);
        }
    }

    /// <summary>The creates went over the hosts (not all onto one): at 200 hosts, most took some.</summary>
    private static async Task CheckSpreadAsync(AgentCluster cluster)
    {
        var hosts = JsonNode.Parse(await cluster.Admin!.GetStringAsync("hosts"))!["hosts"]!.AsArray();
        var counts = hosts.Select(h => (int)h!["servers"]!).ToList();
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {cluster.Agents.Count} hosts after the creates: {counts.Min()} to {counts.Max()} servers each, {counts.Sum()} in all"));
    }

    private sealed class AgentCluster(BenchStore store) : IAsyncDisposable
    {
        public Child? Server { get; set; }
        public HttpClient Api { get; set; } = null!;
        public HttpClient? Admin { get; set; }
        public List<InProcessAgent> Agents { get; } = [];

        public async ValueTask DisposeAsync()
        {
            // The agents first: a control plane gone under them would only make them log lost connections.
            await Task.WhenAll(Agents.Select(a => a.DisposeAsync().AsTask()));
            Api?.Dispose();
            Admin?.Dispose();
            Server?.Dispose();
            await store.DisposeAsync();
        }
    }
}
