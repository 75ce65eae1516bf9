using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Core.Actions;
using OpenEcs.Core.Servers;
using static OpenEcs.Bench.Report;

namespace OpenEcs.Bench;

public sealed record BenchOptions(bool Quick, HashSet<string>? Only, string WorkDir, string? OutFile, string PostgresConnection);

/// <summary>Durations and counts of a run: --quick (under 5 minutes on 2 cores) or full (under 20).</summary>
public sealed record Plan(
    int Rounds, TimeSpan Warmup, TimeSpan Load, int CreateRounds, int CreatesPerRound, int ScaleRounds, TimeSpan ScaleLoad,
    int ScaleCreates, int[] ScaleSizes, int StartupRuns)
{
    /// <summary>Quick: two rounds of everything, and the scale benchmark at 100 and 100 000 servers only.</summary>
    public static readonly Plan Quick = new(2, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), 2, 100, 2, TimeSpan.FromSeconds(2), 40,
        [100, 100_000], 3);
    public static readonly Plan Full = new(3, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), 3, 500, 3, TimeSpan.FromSeconds(5), 150,
        [100, 10_000, 100_000], 5);
}

public sealed partial class Bench(BenchOptions options)
{
    private const int ThroughputConnections = 64;
    private const int WrkThreads = 2;
    private const int CreateConcurrency = 16;
    private const string CreateBody = """{"plan": "eCS1", "location": "it-fr2", "image": "ubuntu-2204", "notes": "bench"}""";

    private readonly Plan _plan = options.Quick ? Plan.Quick : Plan.Full;
    private readonly Report _report = new();
    private readonly string _root = RepoRoot();
    private string Work => options.WorkDir;
    /// <summary>The server under test: this tree's Release build, or OPENECS_BENCH_SERVER (another build's
    /// OpenEcs.Server.dll, e.g. to measure a before/after pair with the same driver).</summary>
    private string ServerDll => Environment.GetEnvironmentVariable("OPENECS_BENCH_SERVER") is { Length: > 0 } other
        ? Path.GetFullPath(other)
        : Path.Combine(_root, "src", "OpenEcs.Server", "bin", "Release", "net10.0", "OpenEcs.Server.dll");
    private static string BenchDll => typeof(Bench).Assembly.Location;

    private bool Wants(string name) => options.Only is null || options.Only.Contains(name);

    public async Task<int> RunAsync()
    {
        Directory.CreateDirectory(Work);
        if (!File.Exists(ServerDll)) throw new FileNotFoundException("build the server in Release first (bench/run.sh does)", ServerDll);
        var clock = Stopwatch.StartNew();
        Console.Error.WriteLine($"bench: {(options.Quick ? "quick" : "full")} run of {ServerDll}, work folder {Work}, {Environment.ProcessorCount} cores");
        if (Wants("throughput")) await ThroughputAsync();
        if (Wants("create")) await CreateAsync();
        if (Wants("scale")) await ScaleAsync();
        if (Wants("startup")) await StartupAsync();
        if (Wants("boot")) await BootAsync();
        if (Wants("hosts")) await HostsAsync();

        var text = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"OpenECS benchmarks ({(options.Quick ? "--quick" : "full")}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {clock.Elapsed.TotalSeconds:0} s); ratio = OpenECS ÷ baseline")
            .AppendLine()
            .Append(_report.Markdown())
            .AppendLine()
            .Append(_report.RatioLines())
            .ToString();
        Console.Out.Write(text);
        if (options.OutFile is not null) await File.WriteAllTextAsync(options.OutFile, text);
        return 0;
    }

    // ---------------------------------------------------------------- processes and clients

    private Child StartServer(BenchStore store, string name)
    {
        var port = Child.FreePort();
        return Child.Start(name, "dotnet", [ServerDll, .. store.ServerArgs(port)], Path.Combine(Work, $"{name}.log"),
            new Uri($"http://127.0.0.1:{port}"));
    }

    private Child StartBaseline(string? bodiesDir)
    {
        var port = Child.FreePort();
        var args = new List<string> { BenchDll, "baseline", "--port", port.ToString(CultureInfo.InvariantCulture) };
        if (bodiesDir is not null) args.AddRange(["--bodies", bodiesDir]);
        return Child.Start("baseline", "dotnet", args, Path.Combine(Work, "baseline.log"), new Uri($"http://127.0.0.1:{port}"));
    }

    private static HttpClient Client(Child server, string token = BenchStore.BenchToken, int connections = 64)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections })
        {
            BaseAddress = new Uri(server.BaseAddress!, "/ecs/v2/"), Timeout = TimeSpan.FromSeconds(60),
        };
        client.DefaultRequestHeaders.Add("X-APITOKEN", token);
        return client;
    }

    private Task<LoadResult> WrkAsync(Child target, IReadOnlyList<string> paths, int connections, int threads, TimeSpan duration) =>
        Wrk.RunAsync(Work, target.BaseAddress!, paths, BenchStore.BenchToken, connections, threads, duration);

    // ---------------------------------------------------------------- 1. list-servers and get-server

    private async Task ThroughputAsync()
    {
        Console.Error.WriteLine("bench: list-servers / get-server (64 connections) against bare Kestrel serving the same bytes");
        await using var store = BenchStore.Sqlite(Work);
        var seeded = await Seeder.SeedAsync(store, 50, 1);
        using var server = StartServer(store, "openecs-throughput");
        await server.WaitHealthyAsync();
        const string listPath = "/ecs/v2/servers";
        var getPaths = seeded.BenchServerNames.Select(n => $"/ecs/v2/servers/{n}").ToList();
        using (var client = Client(server))
        {
            var list = JsonNode.Parse(await client.GetStringAsync("servers"))!;
            if ((int)list["count"]! != 50) throw new InvalidOperationException($"expected 50 servers, got {list["count"]}");
        }
        var bodies = Path.Combine(Work, "bodies");
        using (var client = new HttpClient { BaseAddress = server.BaseAddress })
        {
            client.DefaultRequestHeaders.Add("X-APITOKEN", BenchStore.BenchToken);
            await Baseline.CaptureAsync(client, [listPath, .. getPaths], bodies);
        }
        using var baseline = StartBaseline(bodies);
        await baseline.WaitHealthyAsync();

        foreach (var (figure, paths) in new[] { ("list-servers", (IReadOnlyList<string>)[listPath]), ("get-server", getPaths) })
        {
            await WrkAsync(server, paths, ThroughputConnections, WrkThreads, _plan.Warmup);
            await WrkAsync(baseline, paths, ThroughputConnections, WrkThreads, _plan.Warmup);
            var ours = new List<LoadResult>();
            var theirs = new List<LoadResult>();
            for (var round = 0; round < _plan.Rounds; round++)
            {
                // Alternate who goes first, so that a drift of the machine's load hurts both alike.
                if (round % 2 == 0)
                {
                    ours.Add(await WrkAsync(server, paths, ThroughputConnections, WrkThreads, _plan.Load));
                    theirs.Add(await WrkAsync(baseline, paths, ThroughputConnections, WrkThreads, _plan.Load));
                }
                else
                {
                    theirs.Add(await WrkAsync(baseline, paths, ThroughputConnections, WrkThreads, _plan.Load));
                    ours.Add(await WrkAsync(server, paths, ThroughputConnections, WrkThreads, _plan.Load));
                }
                Console.Error.WriteLine($"  {figure} round {round + 1}: OpenECS {Rps(ours[^1].Rps)}, baseline {Rps(theirs[^1].Rps)}");
            }
            var (o, b) = (Stats.Median(ours.Select(r => r.Rps)), Stats.Median(theirs.Select(r => r.Rps)));
            var what = figure == "list-servers" ? "GET /servers (50 servers)" : "GET /servers/{name} (50 names)";
            _report.Add(new Row($"{figure}-rps", $"{figure}: {what}, 64 conns, req/s", Rps(o), Rps(b), o / b, AtLeast(o / b, 0.50)));
            foreach (var (p, pick) in new (string, Func<LoadResult, double>)[] { ("p50", r => r.P50Ms), ("p99", r => r.P99Ms) })
            {
                var (ol, bl) = (Stats.Median(ours.Select(pick)), Stats.Median(theirs.Select(pick)));
                _report.Add(new Row($"{figure}-{p}", $"{figure}: latency {p}", Ms(ol), Ms(bl), ol / bl));
            }
        }
    }

    // ---------------------------------------------------------------- 2. create

    private async Task CreateAsync()
    {
        await CreateOnAsync("sqlite");
        var why = await BenchStore.PostgresUnavailableAsync(options.PostgresConnection);
        if (why is null)
        {
            await CreateOnAsync("postgres");
        }
        else
        {
            Console.Error.WriteLine($"bench: PostgreSQL not reachable ({why}); set OPENECS_BENCH_PG to include it");
            _report.Add(new Row("create-postgres", "create on PostgreSQL", "n/a (no PostgreSQL reachable)", "n/a", null));
        }
    }

    private async Task<BenchStore> NewStoreAsync(string provider) =>
        provider == "sqlite" ? BenchStore.Sqlite(Work) : await BenchStore.PostgresAsync(Work, options.PostgresConnection);

    private async Task CreateOnAsync(string provider)
    {
        Console.Error.WriteLine($"bench: create on {provider} ({CreateConcurrency} clients, instant mode) against the same rows written straight to the store");
        await using var store = await NewStoreAsync(provider);
        await Seeder.SeedAsync(store, 0, 1);
        await using var raw = await NewStoreAsync(provider);
        await (await raw.ServicesAsync()).DisposeAsync();
        using var server = StartServer(store, $"openecs-create-{provider}");
        await server.WaitHealthyAsync();
        using var client = Client(server);

        await ApiCreatesAsync(client, 30, 4);
        await RawCreatesAsync(raw, 30, 4);
        var ours = new List<CreateRun>();
        var theirs = new List<CreateRun>();
        for (var round = 0; round < _plan.CreateRounds; round++)
        {
            ours.Add(await ApiCreatesAsync(client, _plan.CreatesPerRound, CreateConcurrency));
            theirs.Add(await RawCreatesAsync(raw, _plan.CreatesPerRound, CreateConcurrency));
            Console.Error.WriteLine($"  create {provider} round {round + 1}: OpenECS {F(ours[^1].PerSecond, 0)}/s (p99 {Ms(ours[^1].P99Ms)}), raw store {F(theirs[^1].PerSecond, 0)}/s (p99 {Ms(theirs[^1].P99Ms)})");
        }
        var (o, b) = (Stats.Median(ours.Select(r => r.PerSecond)), Stats.Median(theirs.Select(r => r.PerSecond)));
        _report.Add(new Row($"create-{provider}-rate", $"create on {provider}: creates/s, POST → action completed, {CreateConcurrency} clients (baseline: same rows straight into the store)",
            $"{F(o, 0)}/s", $"{F(b, 0)}/s", o / b));
        foreach (var (p, pick) in new (string, Func<CreateRun, double>)[] { ("p50", r => r.P50Ms), ("p99", r => r.P99Ms) })
        {
            var (ol, bl) = (Stats.Median(ours.Select(pick)), Stats.Median(theirs.Select(pick)));
            _report.Add(new Row($"create-{provider}-{p}", $"create on {provider}: create→action completed {p}", Ms(ol), Ms(bl), ol / bl));
        }
    }

    private sealed record CreateRun(double PerSecond, double P50Ms, double P99Ms);

    /// <summary>
    /// <paramref name="count"/> creates from <paramref name="concurrency"/> closed-loop clients (HttpClient: wrk cannot
    /// bound a run by count nor follow a create to its action). Each create's latency runs from the moment its POST was
    /// sent to the completed_at the server recorded on its action (one machine, one clock), so no polling skews it.
    /// </summary>
    private static async Task<CreateRun> ApiCreatesAsync(HttpClient client, int count, int concurrency)
    {
        var sent = new ConcurrentDictionary<long, DateTimeOffset>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var at = DateTimeOffset.UtcNow;
                using var content = new StringContent(CreateBody, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("servers", content);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"create answered {(int)response.StatusCode}: {body}");
                sent[(long)JsonNode.Parse(body)!["action_id"]!] = at;
            }
        }));
        var completed = await WaitCompletedAsync(client, sent.Keys.ToHashSet());
        var latencies = sent.Select(kv => (completed[kv.Key] - kv.Value).TotalMilliseconds).ToList();
        var span = (completed.Values.Max() - sent.Values.Min()).TotalSeconds;
        return new CreateRun(count / span, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    /// <summary>completed_at of each action, once all have completed (polls the newest-first action list).</summary>
    private static async Task<Dictionary<long, DateTimeOffset>> WaitCompletedAsync(HttpClient client, HashSet<long> ids)
    {
        var deadline = Stopwatch.StartNew();
        var minId = ids.Min();
        while (true)
        {
            var done = new Dictionary<long, DateTimeOffset>();
            var pending = 0;
            for (var start = 0; ; start += 500)
            {
                var page = JsonNode.Parse(await client.GetStringAsync($"actions?start={start}&length=500"))!["actions"]!.AsArray();
                foreach (var a in page)
                {
                    var id = (long)a!["id"]!;
                    if (!ids.Contains(id)) continue;
                    var status = (string)a["status"]!;
                    if (status == ActionStatus.Completed) done[id] = DateTimeOffset.Parse((string)a["completed_at"]!, CultureInfo.InvariantCulture);
                    else if (status == ActionStatus.InProgress) pending++;
                    else throw new InvalidOperationException($"action {id} {status}: {a["message"]}");
                }
                if (page.Count < 500 || page.Any(a => (long)a!["id"]! <= minId)) break;
            }
            if (done.Count == ids.Count) return done;
            if (deadline.Elapsed > TimeSpan.FromSeconds(120)) throw new TimeoutException($"{ids.Count - done.Count} creates still not completed after 120 s");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The raw-store baseline of a create: the same rows written by plain ADO.NET, one connection per client: one
    /// transaction takes a name and inserts the server and its action, a second one leases the address, boots the
    /// server and completes the action. No HTTP, no EF Core, no runner.
    /// </summary>
    private static async Task<CreateRun> RawCreatesAsync(BenchStore store, int count, int concurrency)
    {
        var latencies = new ConcurrentBag<double>();
        var next = 0;
        long accountId;
        await using (var c = await store.OpenAsync())
        {
            accountId = Convert.ToInt64(await Scalar(c, null, """SELECT "Id" FROM "Accounts" WHERE "Username" = 'admin'"""), CultureInfo.InvariantCulture);
        }
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await using var c = await store.OpenAsync();
            while (Interlocked.Increment(ref next) <= count)
            {
                var t0 = clock.Elapsed;
                var now = DateTimeOffset.UtcNow;
                long n, serverId, actionId;
                string name;
                await using (var tx = await c.BeginTransactionAsync())
                {
                    n = Convert.ToInt64(await Scalar(c, tx, """UPDATE "NameCounters" SET "Value" = "Value" + 1 WHERE "Name" = 'ec2' RETURNING "Value" """), CultureInfo.InvariantCulture);
                    name = $"ec2{n:D5}";
                    serverId = Convert.ToInt64(await Scalar(c, tx, """
                        INSERT INTO "Servers" ("Name", "AccountId", "Username", "Plan", "Location", "Image", "Notes", "Ipv4", "Ipv6",
                            "Status", "ActiveFlag", "Progress", "PowerState", "CreationDate", "Version")
                        VALUES (@p0, @p1, 'admin', 'eCS1', 'it-fr2', 'ubuntu-2204', 'bench', '', '', 'Booting', @p2, 0, 'SHUTOFF', @p3, 0)
                        RETURNING "Id"
                        """, name, accountId, false, store.Timestamp(now)), CultureInfo.InvariantCulture);
                    actionId = Convert.ToInt64(await Scalar(c, tx, """
                        INSERT INTO "Actions" ("AccountId", "Username", "Type", "Resource", "ResourceType", "Status", "Progress",
                            "CreatedAt", "StartedAt", "Attempts")
                        VALUES (@p0, 'admin', 'create_server', @p1, 'ECS', 'in-progress', 0, @p2, @p2, 0)
                        RETURNING "Id"
                        """, accountId, name, store.Timestamp(now)), CultureInfo.InvariantCulture);
                    await tx.CommitAsync();
                }
                await using (var tx = await c.BeginTransactionAsync())
                {
                    var v4 = $"10.200.{(n >> 8) & 255}.{n & 255}";
                    await Scalar(c, tx, """INSERT INTO "AddressLeases" ("Address", "Region", "ServerId") VALUES (@p0, 'it-fr2', @p1)""", v4, serverId);
                    await Scalar(c, tx, """
                        UPDATE "Servers" SET "Status" = 'Booted', "ActiveFlag" = @p0, "Progress" = 100, "PowerState" = 'RUNNING',
                            "Ipv4" = @p1, "Ipv6" = @p2, "Version" = "Version" + 1 WHERE "Id" = @p3
                        """, true, v4, $"fd00:ec5:3::{serverId:x}", serverId);
                    await Scalar(c, tx, """
                        UPDATE "Actions" SET "Status" = 'completed', "Progress" = 100, "Attempts" = 1, "CompletedAt" = @p0 WHERE "Id" = @p1
                        """, store.Timestamp(DateTimeOffset.UtcNow), actionId);
                    await tx.CommitAsync();
                }
                latencies.Add((clock.Elapsed - t0).TotalMilliseconds);
            }
        }));
        return new CreateRun(count / clock.Elapsed.TotalSeconds, Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    private static async Task<object?> Scalar(DbConnection c, DbTransaction? tx, string sql, params object[] args)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        for (var i = 0; i < args.Length; i++)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = $"@p{i}";
            p.Value = args[i];
            cmd.Parameters.Add(p);
        }
        return await cmd.ExecuteScalarAsync();
    }

    // ---------------------------------------------------------------- 3. scale

    private async Task ScaleAsync()
    {
        foreach (var (layout, accounts) in new[] { ("one", 1), ("spread", 1000) })
        {
            var where = accounts == 1 ? "one account" : $"spread over {accounts} accounts";
            Console.Error.WriteLine($"bench: scale, {string.Join(" / ", _plan.ScaleSizes)} servers {where}; all sizes up at once, measured in turns");
            var stores = new List<BenchStore>();
            var servers = new List<Child>();
            try
            {
                var names = new List<IReadOnlyList<string>>();
                foreach (var size in _plan.ScaleSizes)
                {
                    var clock = Stopwatch.StartNew();
                    var store = BenchStore.Sqlite(Work);
                    stores.Add(store);
                    var seeded = await Seeder.SeedAsync(store, size, accounts);
                    names.Add(Shuffle(seeded.BenchServerNames.Select(n => $"/ecs/v2/servers/{n}").ToList()));
                    Console.Error.WriteLine($"  seeded {size} servers ({where}) in {clock.Elapsed.TotalSeconds:0.0} s");
                }
                foreach (var (size, store) in _plan.ScaleSizes.Zip(stores)) servers.Add(StartServer(store, $"openecs-scale-{layout}-{size}"));
                foreach (var s in servers) await s.WaitHealthyAsync();

                var results = _plan.ScaleSizes.Select(_ => new Dictionary<string, List<(double P50, double P99)>>
                {
                    ["get"] = [], ["create"] = [], ["actions-list"] = [],
                }).ToList();
                for (var round = -1; round < _plan.ScaleRounds; round++)
                {
                    var warm = round < 0;
                    var load = warm ? TimeSpan.FromSeconds(2) : _plan.ScaleLoad;
                    // Each round starts at another size, so that no size is always measured first (or right after
                    // the biggest one).
                    for (var k = 0; k < servers.Count; k++)
                    {
                        var i = (k + Math.Max(0, round)) % servers.Count;
                        var get = await WrkAsync(servers[i], names[i], 2, 1, load);
                        var actions = await WrkAsync(servers[i], ["/ecs/v2/actions"], 2, 1, load);
                        using var client = Client(servers[i], connections: 2);
                        var create = await CreateLatencyAsync(client, warm ? 20 : _plan.ScaleCreates, 2);
                        await Task.Delay(300); // the runner finishes the creates' actions before the next server is measured
                        if (warm) continue;
                        results[i]["get"].Add((get.P50Ms, get.P99Ms));
                        results[i]["actions-list"].Add((actions.P50Ms, actions.P99Ms));
                        results[i]["create"].Add(create);
                        Console.Error.WriteLine($"  {_plan.ScaleSizes[i]} round {round + 1}: get p50 {Ms(get.P50Ms)}, actions p50 {Ms(actions.P50Ms)}, create p50 {Ms(create.P50)}");
                    }
                }
                var small = _plan.ScaleSizes[0];
                foreach (var op in new[] { "get", "create", "actions-list" })
                for (var i = 1; i < _plan.ScaleSizes.Length; i++)
                foreach (var (p, pick) in new (string, Func<(double P50, double P99), double>)[] { ("p50", r => r.P50), ("p99", r => r.P99) })
                {
                    var size = _plan.ScaleSizes[i];
                    var (o, b) = (Stats.Median(results[i][op].Select(pick)), Stats.Median(results[0][op].Select(pick)));
                    var goal = op != "actions-list" && size == _plan.ScaleSizes[^1] ? AtMost(o / b, 1.5) : "";
                    _report.Add(new Row($"scale-{layout}-{op}-{p}-{Short(size)}",
                        $"scale {op} {p}, {Short(size)} servers {where} (baseline: {small})", Ms(o), Ms(b), o / b, goal));
                }
            }
            finally
            {
                foreach (var s in servers) s.Dispose();
                foreach (var s in stores) await s.DisposeAsync();
            }
        }
    }

    private static string Short(int size) => size >= 1000 ? $"{size / 1000}k" : size.ToString(CultureInfo.InvariantCulture);

    private static List<string> Shuffle(List<string> list)
    {
        var random = new Random(42);
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    /// <summary>POST /servers latency (the API's answer, not the action), closed loop.</summary>
    private static async Task<(double P50, double P99)> CreateLatencyAsync(HttpClient client, int count, int concurrency)
    {
        var latencies = new ConcurrentBag<double>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var clock = Stopwatch.StartNew();
                using var content = new StringContent(CreateBody, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("servers", content);
                await response.Content.LoadIntoBufferAsync();
                latencies.Add(clock.Elapsed.TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }));
        return (Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99));
    }

    // ---------------------------------------------------------------- 4. startup

    private async Task StartupAsync()
    {
        Console.Error.WriteLine("bench: startup (process start → first 200 on /healthz) and RSS, against the bare Kestrel baseline process");
        var baseStart = new List<double>();
        var baseRss = new List<double>();
        var first = new List<double>();
        var firstRss = new List<double>();
        var restart = new List<double>();
        var rss10k = new List<double>();
        await using var big = BenchStore.Sqlite(Work);
        await Seeder.SeedAsync(big, 10_000, 1);
        for (var run = 0; run < _plan.StartupRuns; run++)
        {
            using (var baseline = StartBaseline(null))
            {
                baseStart.Add((await baseline.WaitHealthyAsync()).TotalMilliseconds);
                await Task.Delay(1000);
                baseRss.Add(baseline.RssMb());
            }
            // First start: an empty data folder, so migrations run and the admin is created (real defaults: the
            // admin's password is generated and hashed with the configured PBKDF2 iterations).
            await using (var empty = BenchStore.Sqlite(Work))
            {
                var port = Child.FreePort();
                var args = new List<string> { ServerDll, "--urls", $"http://127.0.0.1:{port}", $"--OpenEcs:DataDir={empty.DataDir}" };
                using var server = Child.Start("openecs-first-start", "dotnet", args, Path.Combine(Work, "openecs-first-start.log"),
                    new Uri($"http://127.0.0.1:{port}"));
                first.Add((await server.WaitHealthyAsync()).TotalMilliseconds);
                await Task.Delay(1000);
                firstRss.Add(server.RssMb());
            }
            using (var server = StartServer(big, "openecs-restart-10k"))
            {
                restart.Add((await server.WaitHealthyAsync()).TotalMilliseconds);
                using var client = Client(server);
                var list = JsonNode.Parse(await client.GetStringAsync("servers"))!;
                if ((int)list["count"]! < 10_000) throw new InvalidOperationException($"expected 10 000 servers, got {list["count"]}");
                await client.GetStringAsync("actions");
                await Task.Delay(1000);
                rss10k.Add(server.RssMb());
            }
            Console.Error.WriteLine($"  run {run + 1}: baseline {Ms(baseStart[^1])}, first start {Ms(first[^1])}, restart (10k) {Ms(restart[^1])}");
        }
        var b = Stats.Median(baseStart);
        var f = Stats.Median(first);
        var r = Stats.Median(restart);
        _report.Add(new Row("startup-first", "startup: process start → first 200 on /healthz, empty data folder (baseline: bare Kestrel process)",
            Ms(f), Ms(b), f / b, $"< 1 s: {(f < 1000 ? "met" : "MISSED")}"));
        _report.Add(new Row("startup-restart-10k", "startup: same, store holding 10 000 servers", Ms(r), Ms(b), r / b, $"< 1 s: {(r < 1000 ? "met" : "MISSED")}"));
        var br = Stats.Median(baseRss);
        var fr = Stats.Median(firstRss);
        var tr = Stats.Median(rss10k);
        _report.Add(new Row("rss-idle", "RSS idle, 1 s after start (baseline: bare Kestrel idle)", $"{F(fr, 0)} MiB", $"{F(br, 0)} MiB", fr / br));
        _report.Add(new Row("rss-10k", "RSS with 10 000 servers, after listing them all", $"{F(tr, 0)} MiB", $"{F(br, 0)} MiB", tr / br));
    }

    // ---------------------------------------------------------------- 5. boot (QEMU)

    private async Task BootAsync()
    {
        var (images, why) = BootBench.Find();
        if (images is null)
        {
            Console.Error.WriteLine($"bench: boot skipped ({why})");
            _report.Add(new Row("boot", "boot: create→Booted vs raw QEMU boot to the same marker", $"n/a ({why})", "n/a", null, "≤ 1.15: n/a"));
            return;
        }
        Console.Error.WriteLine($"bench: boot, create→Booted through the API on the QEMU hypervisor against a raw QEMU boot of {BootBench.Image}");
        _report.Add(await BootBench.RunAsync(ServerDll, Work, images, _plan.Rounds));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OpenEcs.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("OpenEcs.slnx not found above " + AppContext.BaseDirectory);
    }
}
