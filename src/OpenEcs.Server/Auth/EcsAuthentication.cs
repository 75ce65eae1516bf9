using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.ApiKeys;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Errors;

namespace OpenEcs.Server.Auth;

/// <summary>
/// One scheme for every way the clients authenticate: <c>X-APITOKEN: token</c>, <c>Authorization: Bearer jwt|token</c>,
/// or a bare JWT in Authorization (an older docs example). Tokens in the query string are never read.
/// </summary>
public sealed class EcsAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    JwtIssuer jwt, ApiKeyService apiKeys, AccountService accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Ecs";
    public const string GroupClaim = "ecs:group";
    public const string AdminClaim = "ecs:admin";
    public const string ApiKeyClaim = "ecs:key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers["X-APITOKEN"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            var header = Request.Headers.Authorization.ToString();
            token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : header.Trim();
        }
        if (string.IsNullOrEmpty(token)) return AuthenticateResult.NoResult();
        if (token.Length > 4096) return AuthenticateResult.Fail("token too long");

        Tenant? tenant;
        if (token.Count(c => c == '.') == 2)
        {
            var subject = await jwt.ValidateAsync(token);
            tenant = subject is { } s ? await accounts.FindTenantAsync(s, Context.RequestAborted) : null;
        }
        else
        {
            tenant = await apiKeys.AuthenticateAsync(token, Context.RequestAborted);
        }
        return tenant is null ? AuthenticateResult.Fail("invalid or expired token") : AuthenticateResult.Success(Ticket(tenant));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, 401, Request.Headers.ContainsKey("X-APITOKEN") || Request.Headers.ContainsKey("Authorization")
            ? "invalid or expired token"
            : "authentication required: send X-APITOKEN or Authorization: Bearer");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, 403, "this token may not do that");

    private static AuthenticationTicket Ticket(Tenant t)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, t.AccountId.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, t.Username),
        };
        if (t.GroupId is { } g) claims.Add(new Claim(GroupClaim, g.ToString(CultureInfo.InvariantCulture)));
        if (t.IsAdmin) claims.Add(new Claim(AdminClaim, "true"));
        if (t.ApiKeyId is { } k) claims.Add(new Claim(ApiKeyClaim, k.ToString(CultureInfo.InvariantCulture)));
        return new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName);
    }

    public static Tenant? TenantOf(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true) return null;
        if (!long.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), CultureInfo.InvariantCulture, out var id)) return null;
        long? group = long.TryParse(user.FindFirstValue(GroupClaim), CultureInfo.InvariantCulture, out var g) ? g : null;
        long? key = long.TryParse(user.FindFirstValue(ApiKeyClaim), CultureInfo.InvariantCulture, out var k) ? k : null;
        return new Tenant(id, user.FindFirstValue(ClaimTypes.Name) ?? "", group, user.HasClaim(AdminClaim, "true"), key);
    }
}

/// <summary>The tenant of the current request, read from its authenticated user.</summary>
public sealed class HttpTenantAccessor(IHttpContextAccessor http) : ITenantAccessor
{
    public Tenant? Current => http.HttpContext is { } ctx ? EcsAuthenticationHandler.TenantOf(ctx.User) : null;
}
