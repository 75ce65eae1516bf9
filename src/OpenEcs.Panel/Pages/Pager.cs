namespace OpenEcs.Panel.Pages;

/// <summary>
/// A window of a paged API list (its start and length) and the links to the next and previous windows, drawn by
/// <c>Shared/_Pager</c>.
/// </summary>
public sealed record Pager(int Start, int Length, int Shown, int Total, Func<int, string> Url)
{
    public bool HasNewer => Start > 0;
    public bool HasOlder => Start + Shown < Total;
    public string NewerUrl => Url(Math.Max(0, Start - Length));
    public string OlderUrl => Url(Start + Length);
    public string Range => $"{(Total == 0 ? 0 : Start + 1)}–{Start + Shown} of {Total}";

    /// <summary>A page's URL with its start and an optional filter.</summary>
    public static Func<int, string> UrlOf(string path, string filter, string? value) => start =>
        $"{path}?start={start}" + (string.IsNullOrEmpty(value) ? "" : $"&{filter}=" + Uri.EscapeDataString(value));
}
