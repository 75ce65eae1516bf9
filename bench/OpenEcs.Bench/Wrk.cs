using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenEcs.Bench;

public sealed record LoadResult(double Rps, double P50Ms, double P99Ms, long Requests);

/// <summary>
/// Load from wrk (Debian's package): a fixed number of connections for a fixed time against loopback. A Lua script
/// cycles through a list of paths and prints one machine-readable line at the end (requests, p50, p99, errors).
/// </summary>
public static partial class Wrk
{
    private const string Script = """
        local paths = {}
        local i = 0
        function init(args)
          for line in io.lines(args[1]) do paths[#paths + 1] = line end
          i = math.random(#paths) - 1
        end
        function request()
          i = i % #paths + 1
          return wrk.format(nil, paths[i])
        end
        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("WRK requests=%.0f duration_us=%.0f p50_us=%.0f p99_us=%.0f status=%.0f connect=%.0f read=%.0f write=%.0f timeout=%.0f\n",
            summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
            e.status, e.connect, e.read, e.write, e.timeout))
        end
        """;

    public static async Task<LoadResult> RunAsync(string workDir, Uri target, IReadOnlyList<string> paths, string? token,
        int connections, int threads, TimeSpan duration)
    {
        var script = Path.Combine(workDir, "bench.lua");
        if (!File.Exists(script)) await File.WriteAllTextAsync(script, Script);
        var list = Path.Combine(workDir, $"paths-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(list, paths);
        var args = new List<string>
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{Math.Max(1, (int)duration.TotalSeconds)}s", "--timeout", "10s", "-s", script,
        };
        if (token is not null) args.AddRange(["-H", $"X-APITOKEN: {token}"]);
        args.AddRange([target.ToString().TrimEnd('/'), "--", list]);
        using var wrk = Child.Start("wrk", "wrk", args, null);
        var (stdout, stderr) = await wrk.ReadToEndAsync(duration + TimeSpan.FromSeconds(30));
        File.Delete(list);
        var m = Line().Match(stdout);
        if (!m.Success) throw new InvalidOperationException($"wrk printed no result: {stdout} {stderr}");
        double V(string name) => double.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        if (V("status") > 0)
            throw new InvalidOperationException($"wrk saw {V("status")} non-2xx answers on {target}{paths[0]}: a benchmark of errors is no benchmark");
        var socketErrors = V("connect") + V("read") + V("write") + V("timeout");
        if (socketErrors > V("requests") * 0.001)
            throw new InvalidOperationException($"wrk saw {socketErrors} socket errors on {target}{paths[0]}");
        return new LoadResult(V("requests") / (V("duration") / 1e6), V("p50") / 1000, V("p99") / 1000, (long)V("requests"));
    }

    [GeneratedRegex(@"WRK requests=(?<requests>\d+) duration_us=(?<duration>\d+) p50_us=(?<p50>\d+) p99_us=(?<p99>\d+) status=(?<status>\d+) connect=(?<connect>\d+) read=(?<read>\d+) write=(?<write>\d+) timeout=(?<timeout>\d+)")]
    private static partial Regex Line();
}
