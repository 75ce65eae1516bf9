using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>The body of <c>POST /servers</c>. Optional fields left null are not sent.</summary>
public sealed record CreateServerRequest
{
    /// <summary>Plan name, e.g. <c>ECS1</c> (see <c>Plans.ListAsync</c>).</summary>
    public required string Plan { get; init; }
    /// <summary>Region code, e.g. <c>it-fr2</c> (see <c>Regions.ListAsync</c>).</summary>
    public required string Location { get; init; }
    /// <summary>Image name, e.g. <c>ubuntu-2404</c>, or a template's name.</summary>
    public required string Image { get; init; }
    /// <summary>Free text; returned byte for byte, handy to find one's servers again.</summary>
    public required string Notes { get; init; }
    /// <summary>Label of an SSH key from <c>/sshkeys</c> to install.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SshKey { get; init; }
    /// <summary>Group to put the server in.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Group { get; init; }
    /// <summary>Password of the image's default user (OpenECS keeps and passes on only its SHA-512 crypt hash).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Password { get; init; }
    /// <summary>A script run once after the first boot.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserCustomize { get; init; }
    /// <summary>Environment for <see cref="UserCustomize"/> (the real service).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserCustomizeEnv { get; init; }
    /// <summary>Support level (the real service).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Support { get; init; }
    /// <summary>Reserved plan to use (the real service).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ReservedPlan { get; init; }
}

/// <summary>The body of <c>POST /templates</c>.</summary>
public sealed record CreateTemplateRequest
{
    /// <summary>The server to capture (it must be <c>Booted</c>).</summary>
    public required string Server { get; init; }
    /// <summary>Notes.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Notes { get; init; }
    /// <summary>Description.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }
}
