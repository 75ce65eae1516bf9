using System.Net;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>Tokens signed with the server's own key but wrong in time or subject, and tokens signed otherwise.</summary>
public sealed class TokenForgeryTests
{
    [Fact]
    public async Task Only_a_current_token_of_an_existing_account_signed_with_hs256_and_the_servers_key_gets_in()
    {
        await using var server = await EcsServer.StartAsync();
        await server.LoginAsync("admin", EcsServer.AdminPassword); // makes the server create its signing key
        var key = new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(Path.Combine(server.DataDir, "jwt-signing.key")).Trim()));
        var now = DateTime.UtcNow;

        string Mint(Dictionary<string, object> claims, DateTime? notBefore, DateTime? expires, SigningCredentials? credentials = null) =>
            new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Claims = claims, NotBefore = notBefore, Expires = expires,
                SigningCredentials = credentials ?? new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            });
        Dictionary<string, object> Admin() => new() { ["username"] = "admin", ["email"] = "a@b", ["sub"] = "1" };

        // The control: a token minted like the server's own works, so the refusals below are about what differs.
        using (var good = server.BearerClient(Mint(Admin(), now.AddMinutes(-1), now.AddHours(1))))
            (await good.GetJsonAsync("servers")).AssertOk();

        var forged = new Dictionary<string, string>
        {
            ["expired"] = Mint(Admin(), now.AddHours(-5), now.AddHours(-1)),
            ["not yet valid"] = Mint(Admin(), now.AddHours(1), now.AddHours(5)),
            ["no expiry"] = Mint(Admin(), now.AddMinutes(-1), null),
            ["unknown account"] = Mint(new() { ["username"] = "ghost", ["email"] = "g@h", ["sub"] = "424242" }, now.AddMinutes(-1), now.AddHours(1)),
            ["no subject"] = Mint(new() { ["username"] = "admin", ["email"] = "a@b" }, now.AddMinutes(-1), now.AddHours(1)),
            ["unknown group"] = Mint(new() { ["username"] = "eg100099", ["email"] = "a@b", ["sub"] = "1", ["grp"] = "99" }, now.AddMinutes(-1), now.AddHours(1)),
            ["wrong key"] = Mint(Admin(), now.AddMinutes(-1), now.AddHours(1),
                new SigningCredentials(new SymmetricSecurityKey(new byte[64]), SecurityAlgorithms.HmacSha256)),
            ["HS512"] = Mint(Admin(), now.AddMinutes(-1), now.AddHours(1), new SigningCredentials(key, SecurityAlgorithms.HmacSha512)),
        };
        foreach (var (what, token) in forged)
        {
            using var client = server.BearerClient(token);
            var answer = await client.GetJsonAsync("servers");
            Assert.True(answer.Status == HttpStatusCode.Unauthorized, $"{what}: {(int)answer.Status}");
            answer.AssertError(HttpStatusCode.Unauthorized);
        }
    }
}
