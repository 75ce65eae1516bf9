using System.Net;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>/account (read, change password) and the API tokens at /keys.</summary>
public sealed class KeysAndAccountEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    [Fact]
    public async Task Account_answers_the_username_and_email()
    {
        using var me = await fx.AccountAsync();
        var account = (await me.Api.GetJsonAsync("account")).AssertEnvelope("username:string", "email:string");
        Assert.Equal(me.Username, (string)account["username"]!);
        Assert.Equal($"{me.Username}@example.com", (string)account["email"]!);

        using var jwt = fx.Server.BearerClient(await fx.Server.LoginAsync(me.Username, me.Password));
        Assert.Equal(me.Username, (string)(await jwt.GetJsonAsync("account")).AssertOk()["username"]!);
        (await fx.Anonymous().GetJsonAsync("account")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("nope-nope-nope-nope").GetJsonAsync("account")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("account")).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Password_change_takes_effect_at_the_next_login()
    {
        using var me = await fx.AccountAsync();
        Assert.Single((await me.Api.PostJsonAsync("account", new { password = "a-new-password" })).AssertEnvelope());
        (await fx.Anonymous().PostJsonAsync("login", new { username = me.Username, password = me.Password })).AssertError(HttpStatusCode.Unauthorized);
        await fx.Server.LoginAsync(me.Username, "a-new-password");
        (await me.Api.GetJsonAsync("account")).AssertOk();
    }

    [Fact]
    public async Task Password_change_rejects_bad_passwords()
    {
        using var me = await fx.AccountAsync();
        (await me.Api.PostJsonAsync("account", new { password = "short" })).AssertError(HttpStatusCode.BadRequest, "password");
        (await me.Api.PostJsonAsync("account", new { password = new string('p', 257) })).AssertError(HttpStatusCode.BadRequest, "password");
        (await me.Api.PostJsonAsync("account", new { })).AssertError(HttpStatusCode.BadRequest, "password is required");
        (await me.Api.PostJsonAsync("account", new { password = 12345678 })).AssertError(HttpStatusCode.BadRequest, "password");
        (await me.Api.PostJsonAsync("account", "{\"password\":")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await fx.Anonymous().PostJsonAsync("account", new { password = "a-new-password" })).AssertError(HttpStatusCode.Unauthorized);
        await fx.Server.LoginAsync(me.Username, me.Password);
    }

    [Fact]
    public async Task Keys_are_created_once_listed_bare_renamed_and_revoked()
    {
        using var me = await fx.AccountAsync();
        var created = (await me.Api.PostJsonAsync("keys", new { notes = "ci" })).AssertEnvelope("token:string", "id:int");
        var token = (string)created["token"]!;
        Assert.Equal(96, token.Length);
        var id = (long)created["id"]!;

        // The list is a bare array, not an envelope, and never shows a token.
        var (status, list) = await me.Api.GetJsonAsync("keys");
        Assert.Equal(HttpStatusCode.OK, status);
        var keys = Assert.IsType<JsonArray>(list);
        Assert.Equal(2, keys.Count);
        foreach (var key in keys) Assert.False(Wire.Shape(key, Wire.ApiKey).ContainsKey("token"));
        Assert.Equal("ci", (string)keys.Single(k => (long)k!["id"]! == id)!["notes"]!);

        // The new token works as X-APITOKEN and as a Bearer token.
        Assert.Equal(me.Username, (string)(await fx.WithToken(token).GetJsonAsync("account")).AssertOk()["username"]!);
        Assert.Equal(me.Username, (string)(await fx.Server.BearerClient(token).GetJsonAsync("account")).AssertOk()["username"]!);

        Assert.Single((await me.Api.PutJsonAsync($"keys/{id}", new { notes = "renamed" })).AssertEnvelope());
        Assert.Equal("renamed", (string)Assert.IsType<JsonArray>((await me.Api.GetJsonAsync("keys")).Body).Single(k => (long)k!["id"]! == id)!["notes"]!);

        Assert.Single((await me.Api.DeleteJsonAsync($"keys/{id}")).AssertEnvelope());
        (await fx.WithToken(token).GetJsonAsync("account")).AssertError(HttpStatusCode.Unauthorized);
        Assert.Single(Assert.IsType<JsonArray>((await me.Api.GetJsonAsync("keys")).Body));
        (await me.Api.DeleteJsonAsync($"keys/{id}")).AssertError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Keys_reject_bad_notes_and_foreign_ids()
    {
        using var me = await fx.AccountAsync();
        using var other = await fx.AccountAsync();
        var theirs = (long)(await other.Api.PostJsonAsync("keys", new { notes = "theirs" })).AssertOk()["id"]!;
        (await me.Api.PostJsonAsync("keys", new { notes = new string('n', 256) })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PostJsonAsync("keys", new { notes = 5 })).AssertError(HttpStatusCode.BadRequest, "notes");
        (await me.Api.PostJsonAsync("keys", "{\"notes\" \"x\"}")).AssertError(HttpStatusCode.BadRequest, "JSON");
        foreach (var path in new[] { $"keys/{theirs}", "keys/999999", "keys/abc" })
        {
            (await me.Api.PutJsonAsync(path, new { notes = "mine" })).AssertError(HttpStatusCode.NotFound);
            (await me.Api.DeleteJsonAsync(path)).AssertError(HttpStatusCode.NotFound);
        }
        (await me.Api.GetJsonAsync($"keys/{theirs}")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await other.Api.GetJsonAsync("account")).AssertOk();
        Assert.Contains(Assert.IsType<JsonArray>((await other.Api.GetJsonAsync("keys")).Body), k => (string)k!["notes"]! == "theirs");

        var anonymous = fx.Anonymous();
        (await anonymous.GetJsonAsync("keys")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.WithToken("not-a-token").GetJsonAsync("keys")).AssertError(HttpStatusCode.Unauthorized);
        (await me.Api.DeleteJsonAsync("keys")).AssertError(HttpStatusCode.MethodNotAllowed);
        (await anonymous.PostJsonAsync("keys", new { notes = "x" })).AssertError(HttpStatusCode.Unauthorized);
        (await anonymous.PutJsonAsync($"keys/{theirs}", new { notes = "x" })).AssertError(HttpStatusCode.Unauthorized);
        (await anonymous.DeleteJsonAsync($"keys/{theirs}")).AssertError(HttpStatusCode.Unauthorized);
    }
}
