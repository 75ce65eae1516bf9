using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace OpenEcs.Panel.Api;

/// <summary>
/// The base URL of the API the panel drives: <c>OpenEcs:Panel:ApiUrl</c>, or else this server's own first listening
/// address (known only once Kestrel has bound, so looked up at the first request).
/// </summary>
public sealed class ApiEndpoint(IOptions<PanelOptions> options, IServer server)
{
    private Uri? _self;

    public Uri BaseUrl => _configured ??= options.Value.ApiBase is { } given ? Normalize(given) : (_self ??= Self());

    private Uri? _configured;

    /// <summary>As the SDK reads a base URL: a bare host means its <c>/ecs/v2/</c>.</summary>
    private static Uri Normalize(Uri url)
    {
        var builder = new UriBuilder(url);
        var path = builder.Path.TrimEnd('/');
        builder.Path = (path.Length == 0 ? "/ecs/v2" : path) + "/";
        return builder.Uri;
    }

    /// <summary>True when the panel drives this very server.</summary>
    public bool IsSelf => options.Value.ApiBase is null;

    private Uri Self()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var first = addresses.OrderBy(a => a.StartsWith("https", StringComparison.OrdinalIgnoreCase) ? 1 : 0).FirstOrDefault()
            ?? throw new InvalidOperationException("the server listens nowhere yet; set OpenEcs:Panel:ApiUrl");
        // "http://+:8080", "http://0.0.0.0:8080", "http://[::]:8080": call it on loopback.
        var builder = new UriBuilder(first.Replace("://+", "://wildcard").Replace("://*", "://wildcard"));
        if (builder.Host is "wildcard" or "0.0.0.0" or "localhost") builder.Host = IPAddress.Loopback.ToString();
        else if (builder.Host is "[::]" or "::") builder.Host = "[::1]";
        builder.Path = "/ecs/v2/";
        return builder.Uri;
    }
}
