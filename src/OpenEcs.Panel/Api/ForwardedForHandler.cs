using Microsoft.AspNetCore.Http;

namespace OpenEcs.Panel.Api;

/// <summary>
/// Sends the browser's address with every API call (<c>X-Forwarded-For</c>), so that the API's throttling and logs
/// see the user rather than the panel.
/// </summary>
public sealed class ForwardedForHandler(IHttpContextAccessor http) : DelegatingHandler
{
    public const string Header = "X-Forwarded-For";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (BrowserAddress(http.HttpContext) is { } address) request.Headers.TryAddWithoutValidation(Header, address);
        return base.SendAsync(request, cancellationToken);
    }

    public static string? BrowserAddress(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString();
}
