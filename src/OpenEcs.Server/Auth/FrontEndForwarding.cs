using System.Net;
using OpenEcs.Panel.Api;

namespace OpenEcs.Server.Auth;

/// <summary>
/// The web panel of this process calls this API with its browser's address in <c>X-Forwarded-For</c> and the
/// process's <see cref="FrontEndKey"/>: that address is believed (throttling then keys on the user, not on the panel),
/// with no proxy configured. Without the key a forwarded address counts only from OpenEcs:ForwardedHeaders.
/// </summary>
public static class FrontEndForwarding
{
    public static IApplicationBuilder UseFrontEndForwarding(this IApplicationBuilder app)
    {
        var key = app.ApplicationServices.GetRequiredService<FrontEndKey>();
        return app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            if (headers.TryGetValue(FrontEndKey.Header, out var presented))
            {
                // Never passed on: nothing after this point may learn the key.
                headers.Remove(FrontEndKey.Header);
                if (key.Matches(presented.ToString())
                    && headers["X-Forwarded-For"].ToString().Split(',').LastOrDefault()?.Trim() is { Length: > 0 } last
                    && IPAddress.TryParse(last, out var browser))
                    context.Connection.RemoteIpAddress = browser;
            }
            return next();
        });
    }
}
