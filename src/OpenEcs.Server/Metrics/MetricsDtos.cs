using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OpenEcs.Core.Metrics;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Metrics;

// The seed's [unix seconds, "value"] points, or {t, y} points on request.
[JsonConverter(typeof(SeedPointConverter))]
public readonly record struct SeedPoint(double UnixSeconds, string Value);
public sealed record TyPoint(string T, string Y);
public sealed record DiskSeries<TPoint>(IReadOnlyList<TPoint> Reads, IReadOnlyList<TPoint> Writes);
public sealed record NetworkSeries<TPoint>(IReadOnlyList<TPoint> Received, IReadOnlyList<TPoint> Transmitted);
public sealed record MetricsDto<TPoint>(string Resource, IReadOnlyList<TPoint> Core, DiskSeries<TPoint> Disk, NetworkSeries<TPoint> Network);
public sealed record MetricsResponse<TPoint>(MetricsDto<TPoint> Metrics, string Status = "ok");

public static class MetricsMapping
{
    public static MetricsDto<TPoint> ToDto<TPoint>(string resource, IReadOnlyList<MetricSample> samples, Func<DateTimeOffset, double, TPoint> point)
    {
        List<TPoint> Series(Func<MetricSample, double> value) => samples.Select(s => point(s.At, value(s))).ToList();
        return new MetricsDto<TPoint>(resource, Series(s => s.Cpu),
            new DiskSeries<TPoint>(Series(s => s.DiskReads), Series(s => s.DiskWrites)),
            new NetworkSeries<TPoint>(Series(s => s.NetReceived), Series(s => s.NetTransmitted)));
    }

    public static SeedPoint SeedPoint(DateTimeOffset at, double value) =>
        new(at.ToUnixTimeMilliseconds() / 1000.0, value.ToString("R", CultureInfo.InvariantCulture));

    public static TyPoint TyPoint(DateTimeOffset at, double value) =>
        new(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), value.ToString("F2", CultureInfo.InvariantCulture));
}

public sealed class SeedPointConverter : JsonConverter<SeedPoint>
{
    public override SeedPoint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("a metrics point is [seconds, \"value\"]");
        reader.Read();
        var t = reader.GetDouble();
        reader.Read();
        var v = reader.GetString() ?? "";
        reader.Read();
        return new SeedPoint(t, v);
    }

    public override void Write(Utf8JsonWriter writer, SeedPoint value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.UnixSeconds);
        writer.WriteStringValue(value.Value);
        writer.WriteEndArray();
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(MetricsResponse<SeedPoint>))]
[JsonSerializable(typeof(MetricsResponse<TyPoint>))]
public sealed partial class MetricsJson : JsonSerializerContext, IWireContext<MetricsJson>
{
    public static MetricsJson Wire { get; } = new(WireJson.CreateOptions());
}
