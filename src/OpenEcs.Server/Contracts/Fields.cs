using System.Globalization;
using OpenEcs.Core;

namespace OpenEcs.Server.Contracts;

/// <summary>
/// Checks on request fields shared by the endpoints, each failing with a 400 that names the field. A NUL anywhere is
/// refused before a field reaches an endpoint (<see cref="RequestBody"/> for bodies, <see cref="NulGuard"/> for the
/// path and query); the other control characters are refused in names, ids, labels, e-mail addresses and keys (which
/// end up in logs, YAML seeds and terminals), and kept, but for tab and line breaks, out of notes.
/// </summary>
public static class Fields
{
    public const int MaxNotesLength = 255;
    public const int MaxScriptLength = 64 * 1024;

    public static string Required(string? value, string field, int maxLength = 255)
    {
        if (string.IsNullOrWhiteSpace(value)) throw EcsException.BadRequest($"{field} is required");
        return Limited(value, field, maxLength)!;
    }

    public static string? Limited(string? value, string field, int maxLength = 255)
    {
        if (value is not null && value.Length > maxLength) throw EcsException.BadRequest($"{field} must be at most {maxLength} characters");
        return value;
    }

    /// <summary>A name, id, label, e-mail address or key: required, and without control characters.</summary>
    public static string Name(string? value, string field, int maxLength = 255) => Printable(Required(value, field, maxLength), field)!;

    /// <summary>As <see cref="Name"/>, when given.</summary>
    public static string? OptionalName(string? value, string field, int maxLength = 255) => Printable(Limited(value, field, maxLength), field);

    public static string? Notes(string? value, string field = "notes")
    {
        Limited(value, field, MaxNotesLength);
        if (value is not null && value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
            throw EcsException.BadRequest($"{field} must not contain control characters other than tab and line breaks");
        return value;
    }

    public static EcsException NulIn(string field) => EcsException.BadRequest($"{field} must not contain NUL characters");

    public const int MaxPasswordLength = 256;

    /// <summary>A server's password: any printable text (empty means none, as clients send for "no password").</summary>
    public static string? Password(string? value) =>
        string.IsNullOrEmpty(value) ? null : Printable(Limited(value, "password", MaxPasswordLength), "password");

    public static int Int(string? value, string field, int fallback)
    {
        if (string.IsNullOrEmpty(value)) return fallback;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw EcsException.BadRequest($"{field} must be a whole number from 0 to {int.MaxValue}");
    }

    public static long Id(string value, string what) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw EcsException.NotFound(what, value);

    /// <summary>The earliest moment a time field may name: the metrics window counts back from it.</summary>
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    public static DateTimeOffset? Time(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            throw EcsException.BadRequest($"{field} must be an ISO 8601 date and time, e.g. 2025-02-20T10:00:00Z");
        if (t < Epoch) throw EcsException.BadRequest($"{field} must not be before 1970-01-01T00:00:00Z");
        return t;
    }

    private static string? Printable(string? value, string field)
    {
        // U+2028/U+2029 are line breaks to YAML and JavaScript, though not control characters.
        if (value is not null && value.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
            throw EcsException.BadRequest($"{field} must not contain control characters");
        return value;
    }
}
