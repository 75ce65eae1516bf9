using OpenEcs.Core.Accounts;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Accounts;

/// <summary>The account itself.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account");
        account.MapGet("", GetAsync);
        account.MapPost("", ChangePasswordAsync).WithSummary("Change the password");
        return api;
    }

    private static async Task<WireResult<AccountResponse>> GetAsync(AccountService service, CancellationToken ct)
    {
        var a = await service.GetCurrentAsync(ct);
        return Wire.Ok(new AccountResponse(a.Username, a.Email, false, false, 0, 0, 0), AccountsJson.Wire.AccountResponse);
    }

    private static async Task<WireResult<OkResponse>> ChangePasswordAsync(PasswordRequest body, AccountService service, CancellationToken ct)
    {
        await service.ChangePasswordAsync(Fields.Required(body.Password, "password", 256), ct);
        return Wire.Ok(new OkResponse(), WireJson.Wire.OkResponse);
    }
}
