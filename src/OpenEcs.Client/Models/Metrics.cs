using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>A server's samples (<c>GET /servers/{name}/metrics</c>); each series in time order.</summary>
public sealed record ServerMetrics : EcsModel
{
    /// <summary>The server's name.</summary>
    public string Resource { get; init; } = "";
    /// <summary>CPU use, percent.</summary>
    public IReadOnlyList<MetricPoint> Core { get; init; } = [];
    /// <summary>Disk reads and writes.</summary>
    public DiskMetrics Disk { get; init; } = new();
    /// <summary>Network traffic.</summary>
    public NetworkMetrics Network { get; init; } = new();
}

/// <summary>Disk series.</summary>
public sealed record DiskMetrics : EcsModel
{
    /// <summary>Reads.</summary>
    public IReadOnlyList<MetricPoint> Reads { get; init; } = [];
    /// <summary>Writes.</summary>
    public IReadOnlyList<MetricPoint> Writes { get; init; } = [];
}

/// <summary>Network series.</summary>
public sealed record NetworkMetrics : EcsModel
{
    /// <summary>Traffic in.</summary>
    public IReadOnlyList<MetricPoint> Received { get; init; } = [];
    /// <summary>Traffic out.</summary>
    public IReadOnlyList<MetricPoint> Transmitted { get; init; } = [];
}

/// <summary>
/// One sample. On the wire it is <c>[unix_seconds, "value"]</c> (the seed's form) or <c>{"t": "YYYY-MM-DD HH:MM:SS",
/// "y": "0.00"}</c> (the newer docs' form); both are read, the first is written.
/// </summary>
[JsonConverter(typeof(MetricPointConverter))]
public readonly record struct MetricPoint(DateTimeOffset Time, double Value);

internal sealed class MetricPointConverter : JsonConverter<MetricPoint>
{
    public override MetricPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var seconds = reader.GetDouble();
            reader.Read();
            var value = ReadNumber(ref reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.EndArray) throw new JsonException("a metrics point is [seconds, \"value\"]");
            return new MetricPoint(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)), value);
        }
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a metrics point is [seconds, \"value\"] or {\"t\", \"y\"}");
        DateTimeOffset? t = null;
        double y = double.NaN;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString();
            reader.Read();
            if (key == "t") t = DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            else if (key == "y") y = ReadNumber(ref reader);
            else reader.Skip();
        }
        return new MetricPoint(t ?? throw new JsonException("a metrics point lacks \"t\""), y);
    }

    private static double ReadNumber(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Number
        ? reader.GetDouble()
        : double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    public override void Write(Utf8JsonWriter writer, MetricPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.Time.ToUnixTimeMilliseconds() / 1000.0);
        writer.WriteStringValue(value.Value.ToString("R", CultureInfo.InvariantCulture));
        writer.WriteEndArray();
    }
}
