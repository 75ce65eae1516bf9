using System.Text;
using System.Text.RegularExpressions;

namespace OpenEcs.Core.Scripts;

/// <summary>
/// What a server runs once after its first boot: a library script (with environment lines) or inline text. The
/// environment is a secret: it is kept only until the create has handed it to the guest, and never shown.
/// </summary>
public static partial class UserScripts
{
    public const int MaxEnvLength = 16 * 1024;

    /// <summary>Checks <c>user_customize_env</c>: <c>NAME=value</c> lines, as the docs give them.</summary>
    public static string? CheckEnv(string? env)
    {
        // Clients send "" for "no environment".
        if (string.IsNullOrWhiteSpace(env)) return null;
        if (env.Length > MaxEnvLength) throw EcsException.BadRequest($"user_customize_env must be at most {MaxEnvLength} characters");
        var lines = Lines(env);
        for (var i = 0; i < lines.Count; i++)
            if (!Assignment().IsMatch(lines[i]))
                throw EcsException.BadRequest($"user_customize_env line {i + 1} is not NAME=value (NAME of letters, digits and _, not starting with a digit)");
        return string.Join('\n', lines);
    }

    /// <summary>
    /// The script as the guest runs it: the environment's assignments first (after its #! line), and /bin/sh for a
    /// script that names no interpreter (the captured responses hold such scripts).
    /// </summary>
    public static string? Compose(string? script, string? env)
    {
        if (string.IsNullOrWhiteSpace(script)) return null;
        var text = script.ReplaceLineEndings("\n");
        var (first, rest) = text.IndexOf('\n') is var nl and >= 0 ? (text[..nl], text[(nl + 1)..]) : (text, "");
        // Windows scripts (#ps1) go to the guest as they are.
        if (first.StartsWith("#ps1", StringComparison.OrdinalIgnoreCase)) return text;
        var builder = new StringBuilder();
        if (first.StartsWith("#!", StringComparison.Ordinal)) builder.Append(first).Append('\n');
        else
        {
            builder.Append("#!/bin/sh\n");
            rest = text;
        }
        foreach (var line in Lines(env ?? "")) builder.Append(line).Append('\n');
        return builder.Append(rest).ToString();
    }

    private static List<string> Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*=[^\0]*$")]
    private static partial Regex Assignment();
}
