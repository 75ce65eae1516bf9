using System.Text.Json.Serialization;

namespace OpenEcs.Cli.Config;

/// <summary>The config file: named contexts (an endpoint and its credentials) and which one is in use.</summary>
internal sealed class CliConfig
{
    public string? CurrentContext { get; set; }
    public SortedDictionary<string, CliContext> Contexts { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One endpoint and how to authenticate there: an API token, or a username and password (kept so that an expired
/// login can be renewed without asking) with the last JWT cached, so that each command does not log in again.
/// </summary>
internal sealed class CliContext
{
    public string Url { get; set; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Token { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Username { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Password { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Jwt { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public DateTimeOffset? JwtExpires { get; set; }

    [JsonIgnore]
    public string Auth => Token is not null ? "api token" : $"login as {Username}";
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(CliConfig))]
internal sealed partial class CliConfigJsonContext : JsonSerializerContext;
