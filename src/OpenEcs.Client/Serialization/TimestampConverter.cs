using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Client.Serialization;

/// <summary>
/// Timestamps as the API writes them: RFC 3339 with microseconds and an explicit offset
/// (<c>2025-02-11T13:42:58.594971+00:00</c>). Reading is lenient (any ISO 8601 form, or "YYYY-MM-DD HH:MM:SS" taken
/// as UTC) because a client must not fail on a timestamp the real service writes a little differently.
/// </summary>
internal sealed class TimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number) return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(reader.GetDouble() * 1000));
        var text = reader.GetString();
        if (reader.TryGetDateTimeOffset(out var exact)) return exact;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t
            : throw new JsonException($"'{text}' is not a date and time");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture));
}
