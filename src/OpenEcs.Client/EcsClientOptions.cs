namespace OpenEcs.Client;

/// <summary>
/// Where the client connects and how it authenticates, retries and waits. Bindable from configuration
/// (<c>services.Configure&lt;EcsClientOptions&gt;(config.GetSection("Ecs"))</c>): <see cref="BaseUrl"/>,
/// <see cref="ApiToken"/> or <see cref="Username"/>/<see cref="Password"/>, and the numbers below.
/// </summary>
public sealed class EcsClientOptions
{
    /// <summary>The real service's base URL.</summary>
    public static readonly Uri SeewebBaseUrl = new("https://api.seeweb.it/ecs/v2/");

    private Uri _baseUrl = SeewebBaseUrl;
    private EcsCredential? _resolved;

    /// <summary>
    /// Base URL of the API, up to and including <c>/ecs/v2</c>. Defaults to the real service; for OpenECS e.g.
    /// <c>http://127.0.0.1:8080/ecs/v2</c> (a URL without a path gets <c>/ecs/v2</c> added).
    /// </summary>
    public Uri BaseUrl
    {
        get => _baseUrl;
        set => _baseUrl = Normalize(value);
    }

    /// <summary>Credentials; when null, taken from <see cref="ApiToken"/> or <see cref="Username"/> and <see cref="Password"/>.</summary>
    public EcsCredential? Credential { get; set; }

    /// <summary>An API token, sent as <c>X-APITOKEN</c> (ignored when <see cref="Credential"/> is set).</summary>
    public string? ApiToken { get; set; }

    /// <summary>Log in with this username (or a group's name) and <see cref="Password"/>; the JWT is refreshed before it expires.</summary>
    public string? Username { get; set; }

    /// <summary>The password for <see cref="Username"/>.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Timeout of one call, retries and their Retry-After waits included (it is the HttpClient's timeout, outside the
    /// retry handler): keep it above <see cref="MaxRetries"/> × <see cref="MaxRetryDelay"/> for retries to have room.
    /// Default 100 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How often an idempotent call answered 429 or 503 is tried again (0: never). Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay when the server gives no <c>Retry-After</c>; doubles each time, with jitter. Default 1 second.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest the client waits before one retry. A <c>Retry-After</c> longer than this is not waited for: the
    /// call fails at once with <see cref="EcsRateLimitedException"/> carrying it. Default 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often <see cref="EcsClient.WaitForActionAsync"/> polls at most. Default 1 second.</summary>
    public TimeSpan ActionPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="EcsClient.WaitForActionAsync"/> waits when given no timeout. Default 15 minutes.</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Clock for token expiry, retries and polling; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The credential in force: <see cref="Credential"/>, else one made once from the string settings.</summary>
    internal EcsCredential? ResolveCredential()
    {
        if (Credential is not null) return Credential;
        if (_resolved is not null) return _resolved;
        EcsCredential? made = !string.IsNullOrEmpty(ApiToken) ? new ApiTokenCredential(ApiToken)
            : !string.IsNullOrEmpty(Username) ? new LoginCredential(Username, Password ?? "")
            : null;
        return Interlocked.CompareExchange(ref _resolved, made, null) ?? made;
    }

    /// <summary>Adds the trailing slash relative paths need, and /ecs/v2 to a bare host.</summary>
    internal static Uri Normalize(Uri url)
    {
        if (!url.IsAbsoluteUri) throw new ArgumentException($"the base URL must be absolute, e.g. {SeewebBaseUrl}", nameof(url));
        if (url.Scheme is not ("http" or "https")) throw new ArgumentException("the base URL must be http or https", nameof(url));
        var builder = new UriBuilder(url);
        var path = builder.Path.TrimEnd('/');
        builder.Path = (path.Length == 0 ? "/ecs/v2" : path) + "/";
        return builder.Uri;
    }
}
