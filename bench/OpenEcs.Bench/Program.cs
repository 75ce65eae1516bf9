using System.Globalization;
using OpenEcs.Bench;

// bench/run.sh runs `OpenEcs.Bench run [--quick] [--only a,b] [--work DIR] [--out FILE]`; the bench starts its
// baseline as `OpenEcs.Bench baseline --port N [--bodies DIR]`; `OpenEcs.Bench seed --work DIR --servers N [--port P]`
// leaves a seeded store for profiling by hand.
string? Opt(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

switch (args.FirstOrDefault())
{
    case "baseline":
        return await Baseline.RunAsync(int.Parse(Opt("--port") ?? "0", CultureInfo.InvariantCulture), Opt("--bodies"));
    case "seed":
        // For profiling by hand: a SQLite store with N servers in the bench account, left in place; prints the
        // arguments an OpenECS process on it runs with (port 0: pick one) and the bench account's token.
        var seedStore = BenchStore.Sqlite(Opt("--work") ?? Path.GetTempPath());
        await Seeder.SeedAsync(seedStore, int.Parse(Opt("--servers") ?? "50", CultureInfo.InvariantCulture), 1);
        Console.WriteLine(string.Join(' ', seedStore.ServerArgs(int.Parse(Opt("--port") ?? "8080", CultureInfo.InvariantCulture))));
        Console.WriteLine(BenchStore.BenchToken);
        return 0;
    case "run":
        var options = new BenchOptions(
            Quick: args.Contains("--quick"),
            Only: Opt("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(),
            WorkDir: Opt("--work") ?? Path.Combine(Path.GetTempPath(), "openecs-bench-" + Guid.NewGuid().ToString("N")[..8]),
            OutFile: Opt("--out"),
            PostgresConnection: Environment.GetEnvironmentVariable("OPENECS_BENCH_PG") ?? "Host=127.0.0.1;Username=postgres;Password=openecs");
        try
        {
            return await new Bench(options).RunAsync();
        }
        finally
        {
            Child.KillAll();
        }
    default:
        Console.Error.WriteLine("usage: OpenEcs.Bench run [--quick] [--only throughput,create,scale,startup,boot,hosts] [--work DIR] [--out FILE]");
        return 2;
}
