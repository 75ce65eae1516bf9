using Microsoft.AspNetCore.Http.HttpResults;
using OpenEcs.Core;
using OpenEcs.Core.Accounts;
using OpenEcs.Server.Auth;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Accounts;

/// <summary>The account itself.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account");
        account.MapGet("", GetAsync);
        account.MapPost("", ChangePasswordAsync)
            .WithSummary("Change the password ({password}, and current_password when the emulator controls are off); ends older login tokens");
        return api;
    }

    private static async Task<WireResult<AccountResponse>> GetAsync(AccountService service, CancellationToken ct)
    {
        var a = await service.GetCurrentAsync(ct);
        return Wire.Ok(new AccountResponse(a.Username, a.Email, a.ReservedAvailable, a.OfflineAvailable, 0, 0, 0), AccountsJson.Wire.AccountResponse);
    }

    private static async Task<Results<WireResult<OkResponse>, JsonHttpResult<ErrorResponse>>> ChangePasswordAsync(
        PasswordRequest body, HttpContext http, AccountService service, LoginThrottle throttle, CancellationToken ct)
    {
        var password = Fields.Required(body.Password, "password", 256);
        var current = Fields.Limited(body.CurrentPassword, "current_password", 256);
        var username = http.User.Identity?.Name ?? "";
        // A wrong current_password is a failed login: the same budgets hold back guessing it with a stolen token.
        if (current is not null && throttle.Check(http, username) is { } wait) return LoginEndpoints.Throttled(http, wait);
        try
        {
            await service.ChangePasswordAsync(password, current, ct);
        }
        catch (EcsException e) when (e.Kind == ErrorKind.Forbidden && current is not null)
        {
            throttle.Failed(http, username);
            throw;
        }
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }
}
