using System.Text.Json.Serialization;

namespace OpenEcs.Cli.Hosting;

/// <summary>The JSON of the tool's own answers (the API's objects are written by the SDK).</summary>
internal sealed record LoginResult(string Context, string Url, string Auth);
internal sealed record ContextRow(string Name, string Url, string Auth, bool Current);
internal sealed record Done(string Status = "ok");

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(LoginResult))]
[JsonSerializable(typeof(List<ContextRow>))]
[JsonSerializable(typeof(Done))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
