using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenEcs.Cli.Hosting;

/// <summary>Durations as people type them: 90s, 30m, 6h, 2d, or .NET's 06:00:00.</summary>
internal static partial class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        var match = Short().Match(text.Trim());
        if (match.Success && long.TryParse(match.Groups[1].Value, CultureInfo.InvariantCulture, out var n) && n <= 3650L * 24 * 3600)
        {
            duration = match.Groups[2].Value switch
            {
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
            return duration > TimeSpan.Zero;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
    }

    /// <summary>For an option's CustomParser: the duration, or a parse error naming the forms accepted.</summary>
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, out var duration)) return duration;
        result.AddError($"'{text}' is not a duration: use e.g. 90s, 30m, 6h, 2d or 06:00:00");
        return default;
    }

    [GeneratedRegex("^([0-9]+)([smhd])$")]
    private static partial Regex Short();
}
