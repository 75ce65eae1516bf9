using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenEcs.Core;
using OpenEcs.Core.Accounts;
using OpenEcs.Core.ApiKeys;
using OpenEcs.Core.Tenancy;
using OpenEcs.Core.Storage;

namespace OpenEcs.Server.Auth;

/// <summary>Issues and checks the HS256 tokens of POST /login (claims: exp, nbf, username, email, sub, grp).</summary>
public sealed class JwtIssuer
{
    public const string KeyFile = "jwt-signing.key";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public JwtIssuer(IOptions<OpenEcsOptions> options, TimeProvider time)
    {
        _time = time;
        _lifetime = options.Value.Auth.TokenLifetime;
        _key = new SymmetricSecurityKey(LoadKey(options.Value));
    }

    public (string Token, DateTimeOffset Expires) Issue(Tenant tenant, string username, string email)
    {
        var now = _time.GetUtcNow();
        var expires = now + _lifetime;
        var claims = new Dictionary<string, object>
        {
            ["username"] = username,
            ["email"] = email,
            ["sub"] = tenant.AccountId.ToString(CultureInfo.InvariantCulture),
        };
        if (tenant.GroupId is { } g) claims["grp"] = g.ToString(CultureInfo.InvariantCulture);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }

    /// <summary>The (account id, group id) of a valid token, or null. Lifetime is checked on the injected clock.</summary>
    public async Task<(long AccountId, long? GroupId)?> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            IssuerSigningKey = _key,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return null;
        var now = _time.GetUtcNow().UtcDateTime;
        if (jwt.ValidTo == DateTime.MinValue || jwt.ValidTo + ClockSkew < now) return null;
        if (jwt.ValidFrom != DateTime.MinValue && jwt.ValidFrom - ClockSkew > now) return null;
        if (!jwt.TryGetPayloadValue<string>("sub", out var sub) || !long.TryParse(sub, CultureInfo.InvariantCulture, out var accountId))
            return null;
        long? groupId = jwt.TryGetPayloadValue<string>("grp", out var grp) && long.TryParse(grp, CultureInfo.InvariantCulture, out var g) ? g : null;
        return (accountId, groupId);
    }

    private static byte[] LoadKey(OpenEcsOptions options)
    {
        if (!string.IsNullOrEmpty(options.Auth.JwtKey)) return Encoding.UTF8.GetBytes(options.Auth.JwtKey);
        var path = Path.Combine(options.FullDataDir, KeyFile);
        if (File.Exists(path)) return Convert.FromBase64String(File.ReadAllText(path).Trim());
        var key = RandomNumberGenerator.GetBytes(64);
        DataFiles.WriteSecretAsync(path, Convert.ToBase64String(key), CancellationToken.None).GetAwaiter().GetResult();
        return key;
    }
}
