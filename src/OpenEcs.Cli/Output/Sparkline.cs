using System.Text;

namespace OpenEcs.Cli.Output;

/// <summary>A series as a line of block characters (▁ lowest … █ highest), averaged down to a width.</summary>
internal static class Sparkline
{
    private const string Blocks = "▁▂▃▄▅▆▇█";

    public static string Render(IReadOnlyList<double> values, int width = 60)
    {
        var points = Downsample(values.Where(double.IsFinite).ToList(), width);
        if (points.Count == 0) return "";
        var (min, max) = (points.Min(), points.Max());
        var sb = new StringBuilder(points.Count);
        foreach (var v in points)
        {
            // A flat series sits on the floor rather than dividing by zero.
            var level = max > min ? (int)Math.Round((v - min) / (max - min) * (Blocks.Length - 1)) : 0;
            sb.Append(Blocks[level]);
        }
        return sb.ToString();
    }

    /// <summary>At most <paramref name="width"/> points, each the mean of a run of consecutive samples.</summary>
    public static List<double> Downsample(IReadOnlyList<double> values, int width)
    {
        if (values.Count <= width) return values.ToList();
        var result = new List<double>(width);
        for (var i = 0; i < width; i++)
        {
            var from = (int)((long)i * values.Count / width);
            var to = (int)((long)(i + 1) * values.Count / width);
            var sum = 0.0;
            for (var j = from; j < to; j++) sum += values[j];
            result.Add(sum / (to - from));
        }
        return result;
    }
}
