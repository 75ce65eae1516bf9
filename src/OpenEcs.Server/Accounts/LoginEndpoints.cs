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
        var username = Fields.Required(body.Username, "username", 64);
        var password = Fields.Required(body.Password, "password", 256);
        if (throttle.TryAcquire(http, username) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return ApiErrors.Result(429, "too many login attempts; retry later", http);
        }
        if (await accounts.VerifyLoginAsync(username, password, ct) is not { } login)
            return ApiErrors.Result(401, "wrong username or password", http);
        var (token, expires) = jwt.Issue(login.Tenant, username, login.Email);
        return Wire.Ok(new LoginResponse(token, expires.ToUnixTimeSeconds()), AccountsJson.Wire.LoginResponse);
    }
}
