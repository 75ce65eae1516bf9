using Microsoft.AspNetCore.Http;

namespace OpenEcs.Panel.Api;

/// <summary>
/// Sends the browser's address with every API call (<c>X-Forwarded-For</c>), so that the API's throttling and logs
/// see the user rather than the panel; to its own server's API with the process's <see cref="FrontEndKey"/>.
/// </summary>
public sealed class ForwardedForHandler(IHttpContextAccessor http, ApiEndpoint api, FrontEndKey key) : DelegatingHandler
{
    public const string Header = "X-Forwarded-For";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        foreach (var (name, value) in Headers(http.HttpContext, api, key)) request.Headers.TryAddWithoutValidation(name, value);
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The headers that carry the browser's address to the API (none outside a request).</summary>
    public static IEnumerable<(string Name, string Value)> Headers(HttpContext? context, ApiEndpoint api, FrontEndKey key)
    {
        if (BrowserAddress(context) is not { } address) yield break;
        yield return (Header, address);
        if (api.IsSelf) yield return (FrontEndKey.Header, key.Value);
    }

    public static string? BrowserAddress(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();
}
