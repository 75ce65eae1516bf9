using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>POST /login with JSON or form fields, and the JWT it answers.</summary>
public sealed class LoginEndpointTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    /// <summary>Form fields as curl -F sends them: one part each, without a content type of its own.</summary>
    private static MultipartFormDataContent Multipart(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            var part = new StringContent(value);
            part.Headers.ContentType = null;
            form.Add(part, name);
        }
        return form;
    }

    private static JsonObject Payload(string jwt)
    {
        var segment = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        segment = segment.PadRight(segment.Length + (4 - segment.Length % 4) % 4, '=');
        return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(segment)))!.AsObject();
    }

    /// <summary>Asserts the login answer and that its token opens the API as the account.</summary>
    private async Task AssertLoggedInAsync((HttpStatusCode Status, JsonNode? Body) response, TestAccount account)
    {
        var body = response.AssertEnvelope("token:string", "expire:int");
        var token = (string)body["token"]!;
        var payload = Wire.Shape(Payload(token), "exp:int", "nbf:int", "username:string", "email:string");
        Assert.Equal(account.Username, (string)payload["username"]!);
        Assert.Equal($"{account.Username}@example.com", (string)payload["email"]!);
        Assert.Equal((long)body["expire"]!, (long)payload["exp"]!);
        Assert.Equal(4 * 3600, (long)payload["exp"]! - (long)payload["nbf"]!);
        Assert.InRange((long)payload["nbf"]!, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        using var jwt = fx.Server.BearerClient(token);
        Assert.Equal(account.Username, (string)(await jwt.GetJsonAsync("account")).AssertOk()["username"]!);
    }

    [Fact]
    public async Task Login_takes_json()
    {
        using var me = await fx.AccountAsync();
        await AssertLoggedInAsync(await fx.Anonymous().PostJsonAsync("login", new { username = me.Username, password = me.Password }), me);
    }

    [Fact]
    public async Task Login_takes_multipart_form_fields_as_curl_F_sends_them()
    {
        using var me = await fx.AccountAsync();
        var form = Multipart(("username", me.Username), ("password", me.Password));
        await AssertLoggedInAsync(await fx.Anonymous().RawAsync(HttpMethod.Post, "login", form), me);
    }

    [Fact]
    public async Task Login_takes_urlencoded_fields_and_json_under_any_content_type()
    {
        using var me = await fx.AccountAsync();
        var urlencoded = new FormUrlEncodedContent([new("username", me.Username), new("password", me.Password)]);
        await AssertLoggedInAsync(await fx.Anonymous().RawAsync(HttpMethod.Post, "login", urlencoded), me);
        var json = $$"""{"username":"{{me.Username}}","password":"{{me.Password}}"}""";
        await AssertLoggedInAsync(await fx.Anonymous().RawAsync(HttpMethod.Post, "login", Wire.Text(json, "text/plain")), me);
        await AssertLoggedInAsync(await fx.Anonymous().RawAsync(HttpMethod.Post, "login", Wire.Text(json + "\n", null)), me);
    }

    [Fact]
    public async Task Login_ignores_stale_credentials_on_the_request()
    {
        using var me = await fx.AccountAsync();
        using var stale = fx.WithToken("revoked-token-revoked-token");
        await AssertLoggedInAsync(await stale.PostJsonAsync("login", new { username = me.Username, password = me.Password }), me);
    }

    [Fact]
    public async Task Tokens_are_taken_as_bearer_bare_or_x_apitoken()
    {
        using var me = await fx.AccountAsync();
        var jwt = await fx.Server.LoginAsync(me.Username, me.Password);
        using var bare = fx.Anonymous();
        bare.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", jwt);
        (await bare.GetJsonAsync("servers")).AssertOk();
        (await fx.WithToken(jwt).GetJsonAsync("servers")).AssertOk();
        (await fx.Server.BearerClient(me.Token).GetJsonAsync("servers")).AssertOk();

        var parts = jwt.Split('.');
        var tampered = Payload(jwt);
        tampered["sub"] = "1";
        var forged = $"{parts[0]}.{Convert.ToBase64String(Encoding.UTF8.GetBytes(tampered.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_')}.{parts[2]}";
        (await fx.Server.BearerClient(forged).GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Server.BearerClient(jwt[..^4] + "AAAA").GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Server.BearerClient($"{parts[0]}.{parts[1]}.").GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
        (await fx.Server.BearerClient("x" + new string('a', 5000)).GetJsonAsync("servers")).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_refuses_wrong_credentials_with_401()
    {
        using var me = await fx.AccountAsync();
        var anonymous = fx.Anonymous();
        (await anonymous.PostJsonAsync("login", new { username = me.Username, password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized, "wrong username or password");
        (await anonymous.PostJsonAsync("login", new { username = "nobody-here", password = "wrong-password" })).AssertError(HttpStatusCode.Unauthorized, "wrong username or password");
        (await anonymous.PostJsonAsync("login", new { username = me.Username, password = me.Password + " " })).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_rejects_bad_bodies_with_400()
    {
        var anonymous = fx.Anonymous();
        (await anonymous.PostJsonAsync("login", new { password = "password-123" })).AssertError(HttpStatusCode.BadRequest, "username is required");
        (await anonymous.PostJsonAsync("login", new { username = "someone" })).AssertError(HttpStatusCode.BadRequest, "password is required");
        (await anonymous.RawAsync(HttpMethod.Post, "login")).AssertError(HttpStatusCode.BadRequest, "username is required");
        (await anonymous.PostJsonAsync("login", new { username = 1, password = "password-123" })).AssertError(HttpStatusCode.BadRequest, "username");
        (await anonymous.PostJsonAsync("login", "{\"username\":\"a\",")).AssertError(HttpStatusCode.BadRequest, "JSON");
        (await anonymous.PostJsonAsync("login", new { username = new string('u', 65), password = "password-123" })).AssertError(HttpStatusCode.BadRequest, "username");
        var twice = Multipart(("username", "a"), ("username", "b"), ("password", "password-123"));
        (await anonymous.RawAsync(HttpMethod.Post, "login", twice)).AssertError(HttpStatusCode.BadRequest, "username");
        (await anonymous.RawAsync(HttpMethod.Post, "login", Wire.Text("username: a", "text/plain"))).AssertError(HttpStatusCode.BadRequest);
        (await anonymous.GetJsonAsync("login")).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Repeated_logins_are_throttled_with_429_and_retry_after()
    {
        using var me = await fx.AccountAsync("throttled");
        var anonymous = fx.Anonymous();
        HttpResponseMessage response;
        var attempts = 0;
        do
        {
            response = await anonymous.PostAsync("login", Wire.Text($$"""{"username":"{{me.Username}}","password":"wrong-password"}"""));
            attempts++;
        } while (response.StatusCode == HttpStatusCode.Unauthorized && attempts < 20);
        (await Wire.ReadJsonAsync(response)).AssertError(HttpStatusCode.TooManyRequests, "retry");
        Assert.InRange(attempts, 2, 11);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {response.Headers.RetryAfter}");
        // Even the right password waits; other users do not.
        (await anonymous.PostJsonAsync("login", new { username = me.Username, password = me.Password })).AssertError(HttpStatusCode.TooManyRequests);
        using var other = await fx.AccountAsync("unthrottled");
        await fx.Server.LoginAsync(other.Username, other.Password);
    }
}
