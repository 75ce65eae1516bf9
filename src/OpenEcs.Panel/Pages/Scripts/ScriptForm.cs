using OpenEcs.Client.Models;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Pages.Scripts;

/// <summary>What the script form posts (<c>_ScriptFields</c>), for a new script and an edit alike.</summary>
public sealed class ScriptForm
{
    public string? Title { get; set; }
    public string? Content { get; set; }
    public bool Windows { get; set; }

    /// <summary>The API's request; what is missing or wrong is the API's to say.</summary>
    public ScriptRequest ToRequest() => new() { Title = Title?.Trim() ?? "", Content = Content?.ReplaceLineEndings("\n") ?? "", Windows = Windows };

    public static bool IsOwn(Script script, PanelSession session) => string.Equals(script.User, session.Username, StringComparison.Ordinal);
}
