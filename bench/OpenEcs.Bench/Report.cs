using System.Globalization;
using System.Text;

namespace OpenEcs.Bench;

/// <summary>One figure: OpenECS's value, the baseline's, their ratio (OpenECS ÷ baseline) and the goal, if any.</summary>
public sealed record Row(string Name, string Figure, string OpenEcs, string Baseline, double? Ratio, string Goal = "");

public sealed class Report
{
    private readonly List<Row> _rows = [];
    public IReadOnlyList<Row> Rows => _rows;

    public void Add(Row row)
    {
        _rows.Add(row);
        Console.Error.WriteLine($"  {row.Figure}: {row.OpenEcs} vs {row.Baseline} -> {(row.Ratio is { } r ? F(r, 2) : "-")} {row.Goal}");
    }

    /// <summary>Goal text with its verdict, for a ratio that must be at least / at most a bound.</summary>
    public static string AtLeast(double ratio, double bound) => $"≥ {F(bound, 2)}: {(ratio >= bound ? "met" : "MISSED")}";
    public static string AtMost(double ratio, double bound) => $"≤ {F(bound, 2)}: {(ratio <= bound ? "met" : "MISSED")}";

    public static string F(double v, int digits) => v.ToString("F" + digits, CultureInfo.InvariantCulture);
    public static string Ms(double ms) => ms >= 100 ? $"{F(ms, 0)} ms" : ms >= 10 ? $"{F(ms, 1)} ms" : $"{F(ms, 2)} ms";
    public static string Rps(double rps) => $"{F(rps, 0)} req/s";

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| figure | OpenECS | baseline | ratio | goal |");
        sb.AppendLine("|---|---:|---:|---:|---|");
        foreach (var r in _rows)
            sb.AppendLine($"| {r.Figure} | {r.OpenEcs} | {r.Baseline} | {(r.Ratio is { } x ? F(x, 2) : "n/a")} | {r.Goal} |");
        return sb.ToString();
    }

    /// <summary>One line per ratio: <c>ratio NAME VALUE</c>.</summary>
    public string RatioLines()
    {
        var sb = new StringBuilder();
        foreach (var r in _rows)
            if (r.Ratio is { } x) sb.AppendLine($"ratio {r.Name} {x.ToString("0.000", CultureInfo.InvariantCulture)}");
        return sb.ToString();
    }
}

public static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IEnumerable<double> values, double p)
    {
        var v = values.Order().ToArray();
        if (v.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100 * v.Length);
        return v[Math.Clamp(rank - 1, 0, v.Length - 1)];
    }
}
