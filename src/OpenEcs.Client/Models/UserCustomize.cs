using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Client.Models;

/// <summary>
/// A server's run-once script: its text, or the id of a script of the library (<c>/scripts</c>). A string converts to
/// it; <see cref="FromScript"/> names a library script.
/// </summary>
[JsonConverter(typeof(UserCustomizeConverter))]
public readonly record struct UserCustomize(string? Text, long? ScriptId)
{
    /// <summary>The script of the library with this id.</summary>
    public static UserCustomize FromScript(long scriptId) => new(null, scriptId);

    /// <summary>The script's text.</summary>
    public static implicit operator UserCustomize?(string? text) => text is null ? null : new UserCustomize(text, null);
}

internal sealed class UserCustomizeConverter : JsonConverter<UserCustomize>
{
    public override UserCustomize Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? UserCustomize.FromScript(reader.GetInt64()) : new UserCustomize(reader.GetString(), null);

    public override void Write(Utf8JsonWriter writer, UserCustomize value, JsonSerializerOptions options)
    {
        if (value.ScriptId is { } id) writer.WriteNumberValue(id);
        else writer.WriteStringValue(value.Text);
    }
}
