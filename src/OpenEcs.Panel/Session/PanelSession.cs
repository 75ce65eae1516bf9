using System.Security.Claims;

namespace OpenEcs.Panel.Session;

/// <summary>
/// Who is signed in to the panel, as kept in the encrypted session cookie: the API's login token (never sent to the
/// browser in readable form, never in a URL), the name used, and what the API lets this login do.
/// </summary>
public sealed record PanelSession(string Username, string Token, bool IsGroup, bool IsAdmin, bool HasEmulator)
{
    public const string Scheme = "OpenEcs.Panel";
    public const string Policy = "OpenEcs.Panel";
    private const string TokenClaim = "ecs:token";
    private const string GroupClaim = "ecs:group";
    private const string AdminClaim = "ecs:admin";
    private const string EmulatorClaim = "ecs:emulator";

    /// <summary>A full account (not a group login) may manage groups, keys, templates and itself.</summary>
    public bool IsAccount => !IsGroup;

    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, Username), new(TokenClaim, Token) };
        if (IsGroup) claims.Add(new Claim(GroupClaim, "true"));
        if (IsAdmin) claims.Add(new Claim(AdminClaim, "true"));
        if (HasEmulator) claims.Add(new Claim(EmulatorClaim, "true"));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    public static PanelSession? Of(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, AuthenticationType: Scheme }) return null;
        var token = user.FindFirstValue(TokenClaim);
        if (string.IsNullOrEmpty(token)) return null;
        return new PanelSession(user.FindFirstValue(ClaimTypes.Name) ?? "", token, user.HasClaim(GroupClaim, "true"),
            user.HasClaim(AdminClaim, "true"), user.HasClaim(EmulatorClaim, "true"));
    }
}
