namespace OpenEcs.Panel;

/// <summary>The web panel's settings (<c>OpenEcs:Panel</c>).</summary>
public sealed class PanelOptions
{
    public const string Section = "OpenEcs:Panel";

    /// <summary>Serve the panel at <c>/</c>. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The ECS API the panel drives, e.g. <c>http://10.0.0.5:8080</c> or <c>https://api.example.com/ecs/v2</c>. Empty:
    /// this same server, over its own listening address.
    /// </summary>
    public string? ApiUrl { get; set; }

    /// <summary>Where the keys that encrypt the session cookie live. Empty: <c>&lt;OpenEcs:DataDir&gt;/panel-keys</c>.</summary>
    public string? KeysDir { get; set; }

    /// <summary>How long one call to the API may take before the page shows a failure. Default 30 seconds.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consoles one session may hold open at once. Default 4.</summary>
    public int MaxConsolesPerSession { get; set; } = 4;

    internal Uri? ApiBase => string.IsNullOrWhiteSpace(ApiUrl) ? null : new Uri(ApiUrl, UriKind.Absolute);

    internal IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(ApiUrl)
            && (!Uri.TryCreate(ApiUrl, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
            yield return $"{Section}:ApiUrl must be an absolute http(s) URL, e.g. http://127.0.0.1:8080 (got '{ApiUrl}')";
        if (ApiTimeout <= TimeSpan.Zero) yield return $"{Section}:ApiTimeout must be positive";
        if (MaxConsolesPerSession < 1) yield return $"{Section}:MaxConsolesPerSession must be at least 1";
    }
}
