using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenEcs.Core.Accounts;
using OpenEcs.Server.Auth;
using OpenEcs.Server.Errors;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Accounts;

public static class LoginEndpoints
{
    public static IEndpointRouteBuilder MapLoginEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/login", LoginAsync).AllowAnonymous().WithTags("Account")
            .WithSummary("Exchange a username and password (or a group's name and password) for a JWT");
        return api;
    }

    private static async Task<Results<WireResult<LoginResponse>, JsonHttpResult<ErrorResponse>>> LoginAsync(
        LoginRequest body, HttpContext http, AccountService accounts, JwtIssuer jwt, LoginThrottle throttle, CancellationToken ct)
    {
        var username = Fields.Name(body.Username, "username", 64);
        var password = Fields.Required(body.Password, "password", 256);
        if (throttle.Check(http, username) is { } wait) return Throttled(http, wait);
        if (await accounts.VerifyLoginAsync(username, password, ct, throttle.IsKnown(http, username)) is not { } login)
        {
            throttle.Failed(http, username);
            return ApiErrors.Result(401, "wrong username or password", http);
        }
        throttle.Succeeded(http, username);
        var (token, expires) = jwt.Issue(login);
        return Wire.Ok(new LoginResponse(token, expires.ToUnixTimeSeconds()), AccountsJson.Wire.LoginResponse);
    }

    public static JsonHttpResult<ErrorResponse> Throttled(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return ApiErrors.Result(429, "too many login attempts failed; retry later", http);
    }
}
