using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenEcs.Client;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Api;

/// <summary>The panel's way into the API, per request: an SDK client holding the signed-in user's token.</summary>
public sealed class PanelApi(IHttpClientFactory factory, ApiEndpoint endpoint, IHttpContextAccessor http, IOptions<PanelOptions> options)
{
    public const string HttpClientName = "OpenEcs.Panel";
    private EcsClient? _client;

    /// <summary>The API as the signed-in user.</summary>
    public EcsClient Client => _client ??= Create(new BearerTokenCredential(
        PanelSession.Of(http.HttpContext?.User)?.Token ?? throw new InvalidOperationException("no panel session")));

    /// <summary>The API without credentials (login, health).</summary>
    public EcsClient Anonymous() => Create(null);

    /// <summary>The API as someone who just logged in, before the session cookie exists.</summary>
    public EcsClient WithToken(string token) => Create(new BearerTokenCredential(token));

    public Uri BaseUrl => endpoint.BaseUrl;

    private EcsClient Create(EcsCredential? credential)
    {
        var client = factory.CreateClient(HttpClientName);
        client.Timeout = options.Value.ApiTimeout;
        // No retries: a person is waiting, and the API's refusal is what the page shows.
        return new EcsClient(client, new EcsClientOptions { BaseUrl = endpoint.BaseUrl, Credential = credential, MaxRetries = 0 });
    }
}
