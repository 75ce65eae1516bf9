using System.Globalization;
using OpenEcs.Core;

namespace OpenEcs.Server.Contracts;

/// <summary>Checks on request fields shared by the endpoints, each failing with a 400 that names the field.</summary>
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

    public static string? Notes(string? value, string field = "notes")
    {
        Limited(value, field, MaxNotesLength);
        if (value is not null && value.Any(c => char.IsControl(c) && c is not '\t'))
            throw EcsException.BadRequest($"{field} must not contain control characters");
        return value;
    }

    public const int MaxPasswordLength = 256;

    /// <summary>A server's password: any printable text (empty means none, as clients send for "no password").</summary>
    public static string? Password(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        Limited(value, "password", MaxPasswordLength);
        if (value.Any(char.IsControl)) throw EcsException.BadRequest("password must not contain control characters");
        return value;
    }

    public static int Int(string? value, string field, int fallback)
    {
        if (string.IsNullOrEmpty(value)) return fallback;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw EcsException.BadRequest($"{field} must be a whole number from 0 to {int.MaxValue}");
    }

    public static long Id(string value, string what) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw EcsException.NotFound(what, value);

    public static DateTimeOffset? Time(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw EcsException.BadRequest($"{field} must be an ISO 8601 date and time, e.g. 2025-02-20T10:00:00Z");
    }
}
