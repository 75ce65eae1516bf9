using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>
/// What every endpoint shares: the error shape (never an HTML page, never a 500), and bodies the way the real clients
/// send them (content type on GET/DELETE, trailing newlines, JSON sent as a form, JSON null as "not provided").
/// </summary>
public sealed class ErrorShapeTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    private HttpClient Root() => new() { BaseAddress = fx.Server.BaseAddress };

    [Theory]
    [InlineData("/ecs/v2/nothing-here")]
    [InlineData("/ecs/v2/servers/ec200001/nothing")]
    [InlineData("/ecs/v2/")]
    [InlineData("/ecs/v3/servers")]
    // "/" is the web panel's (tests/OpenEcs.Panel.Tests); what it does not serve is the API's JSON 404.
    [InlineData("/index.html")]
    [InlineData("/assets/no-such-file.js")]
    [InlineData("/_openecs/nothing")]
    public async Task Unknown_routes_are_a_json_404(string path)
    {
        using var me = await fx.AccountAsync();
        using var root = Root();
        (await root.RawAsync(HttpMethod.Get, path)).AssertError(HttpStatusCode.NotFound, "no such endpoint");
        (await root.RawAsync(HttpMethod.Post, path, Wire.Text("{}"), ("X-APITOKEN", me.Token))).AssertError(HttpStatusCode.NotFound);
        (await root.RawAsync(HttpMethod.Get, path, null, ("Accept", "text/html"))).AssertError(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("PATCH", "/ecs/v2/servers")]
    [InlineData("DELETE", "/ecs/v2/servers")]
    [InlineData("POST", "/ecs/v2/servers/ec200001")]
    [InlineData("PUT", "/ecs/v2/login")]
    [InlineData("GET", "/ecs/v2/servers/ec200001/actions")]
    [InlineData("PUT", "/ecs/v2/actions")]
    [InlineData("POST", "/ecs/v2/templates/1")]
    [InlineData("PATCH", "/ecs/v2/groups/1")]
    [InlineData("PATCH", "/ecs/v2/account")]
    public async Task Wrong_methods_are_a_json_405(string method, string path)
    {
        using var me = await fx.AccountAsync();
        using var root = Root();
        (await root.RawAsync(new HttpMethod(method), path, Wire.Text("{}"), ("X-APITOKEN", me.Token)))
            .AssertError(HttpStatusCode.MethodNotAllowed, "not allowed");
        (await root.RawAsync(new HttpMethod(method), path, null, ("Accept", "text/html"))).AssertError(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task Authentication_failures_are_a_json_401()
    {
        using var root = Root();
        (await root.RawAsync(HttpMethod.Get, "/ecs/v2/servers")).AssertError(HttpStatusCode.Unauthorized, "X-APITOKEN");
        (await root.RawAsync(HttpMethod.Get, "/ecs/v2/servers", null, ("Authorization", "Basic YWRtaW46YWRtaW4="))).AssertError(HttpStatusCode.Unauthorized);
        (await root.RawAsync(HttpMethod.Get, "/ecs/v2/servers", null, ("Authorization", "Bearer "))).AssertError(HttpStatusCode.Unauthorized);
        (await root.RawAsync(HttpMethod.Get, "/ecs/v2/servers", null, ("X-APITOKEN", ""))).AssertError(HttpStatusCode.Unauthorized);
        (await root.RawAsync(HttpMethod.Get, "/ecs/v2/servers", null, ("X-APITOKEN", new string('t', 5000)))).AssertError(HttpStatusCode.Unauthorized);
        (await root.RawAsync(HttpMethod.Get, "/ecs/v2/servers?token=" + EcsServer.AdminToken)).AssertError(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Errors_carry_a_request_id()
    {
        using var me = await fx.AccountAsync();
        var (_, body) = await me.Api.GetJsonAsync("servers/ec299999");
        Wire.Shape(body, "status:string", "error_code:int", "message:string", "request_id:string");
        Assert.Equal("not_found", (string)body!["status"]!);
    }

    [Fact]
    public async Task Go_client_sends_a_json_content_type_on_get_and_delete_without_a_body()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("go client");
        foreach (var path in new[] { "servers", $"servers/{name}", $"servers/{name}/status", "actions", "plans", "regions", "groups", "sshkeys", "templates", "account" })
            (await me.Api.RawAsync(HttpMethod.Get, path, Wire.Text(""))).AssertOk();
        var group = (long)(await me.Api.PostJsonAsync("groups", new { notes = "g" })).AssertOk()["group"]!["id"]!;
        (await me.Api.RawAsync(HttpMethod.Delete, $"groups/{group}", Wire.Text(""))).AssertOk();
        (await me.Api.RawAsync(HttpMethod.Delete, $"servers/{name}", Wire.Text(""))).AssertEnvelope("action:object");
    }

    [Fact]
    public async Task Bodies_may_end_with_a_newline_and_come_without_a_content_type()
    {
        using var me = await fx.AccountAsync();
        var created = (await me.Api.RawAsync(HttpMethod.Post, "servers",
            Wire.Text("""{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"go"}""" + "\n"))).AssertOk();
        var name = (string)created["server"]!["name"]!;
        (await me.Api.RawAsync(HttpMethod.Put, $"servers/{name}", Wire.Text("{\"notes\":\"crlf\"}\r\n"))).AssertOk();
        (await me.Api.RawAsync(HttpMethod.Put, $"servers/{name}", Wire.Text("\n  {\"note\":\"no type\"}\n\n", null))).AssertOk();
        Assert.Equal("no type", (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["notes"]!);
    }

    [Fact]
    public async Task Json_sent_as_a_form_by_curl_d_is_read_as_json()
    {
        using var me = await fx.AccountAsync();
        const string form = "application/x-www-form-urlencoded";
        var key = (await me.Api.RawAsync(HttpMethod.Post, "keys", Wire.Text("{\"notes\":\"from curl\"}", form))).AssertEnvelope("token:string");
        Assert.Equal(96, ((string)key["token"]!).Length);
        var created = (await me.Api.RawAsync(HttpMethod.Post, "servers",
            Wire.Text("""{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"curl -d"}""", form))).AssertOk();
        Assert.Equal("curl -d", (string)created["server"]!["notes"]!);
        // A real form works as well.
        var fields = new FormUrlEncodedContent([new("notes", "a real form")]);
        (await me.Api.RawAsync(HttpMethod.Post, "groups", fields)).AssertOk();
        Assert.Contains((await me.Api.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray(), g => (string)g!["notes"]! == "a real form");
    }

    [Fact]
    public async Task Json_null_means_not_provided()
    {
        using var me = await fx.AccountAsync();
        var created = (await me.Api.RawAsync(HttpMethod.Post, "servers", Wire.Text(
            """{"plan":"eCS1","location":"it-fr2","image":"ubuntu-2204","notes":"kept","ssh_key":null,"group":null,"user_customize":null}"""))).AssertOk();
        var name = (string)created["server"]!["name"]!;
        Assert.Null(created["server"]!["group"]);
        await me.Api.WaitForActionAsync((long)created["action_id"]!);
        (await me.Api.RawAsync(HttpMethod.Put, $"servers/{name}", Wire.Text("""{"notes":null,"note":"renamed","group":null}"""))).AssertOk();
        Assert.Equal("renamed", (string)(await me.Api.GetJsonAsync($"servers/{name}")).AssertOk()["server"]!["notes"]!);
        (await me.Api.RawAsync(HttpMethod.Put, $"servers/{name}", Wire.Text("""{"notes":null,"group":null}""")))
            .AssertError(HttpStatusCode.BadRequest, "nothing to update");
    }

    public static TheoryData<string, string?, string> HostileBodies => new()
    {
        { "{\"plan\":", "application/json", "JSON" },
        { "{\"plan\":\"eCS1\"}}", "application/json", "JSON" },
        { "{'plan':'eCS1'}", "application/json", "JSON" },
        { "{\"plan\":\"eCS1\",}", "application/json", "JSON" },
        { new string('[', 200) + new string(']', 200), "application/json", "JSON" },
        { "{\"notes\":" + new string('[', 100) + new string(']', 100) + "}", "application/json", "JSON" },
        { "{\"plan\":1e999,\"location\":\"it-fr2\"}", "application/json", "plan" },
        { "{\"plan\":{\"name\":\"eCS1\"}}", "application/json", "plan" },
        { "{\"plan\":true}", "application/json", "plan" },
        { "\"just a string\"", "application/json", "JSON object" },
        { "42", "application/json", "JSON object" },
        { "plan=eCS1", "text/plain", "JSON" },
        { "plan=eCS1", null, "JSON" },
        { "<xml>plan</xml>", "application/xml", "JSON" },
        { "{\"plan\":\"\\ud800\"}", "application/json", "" },
        { "--x\r\nContent-Disposition: form-data; name=\"plan\"\r\n\r\neCS1\r\n--y--", "multipart/form-data; boundary=x", "form" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Hostile_bodies_are_a_json_400_not_a_500(string body, string? contentType, string message)
    {
        using var me = await fx.AccountAsync();
        (await me.Api.RawAsync(HttpMethod.Post, "servers", Wire.Text(body, contentType))).AssertError(HttpStatusCode.BadRequest, message);
        (await me.Api.RawAsync(HttpMethod.Put, "servers/ec299999", Wire.Text(body, contentType))).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invalid_utf8_and_a_byte_order_mark_are_never_a_500()
    {
        using var me = await fx.AccountAsync();
        var invalid = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'p', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        invalid.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        (await me.Api.RawAsync(HttpMethod.Post, "servers", invalid)).AssertError(HttpStatusCode.BadRequest);

        var withBom = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. """{"notes":"bom"}"""u8.ToArray()]);
        withBom.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var (status, body) = await me.Api.RawAsync(HttpMethod.Post, "groups", withBom);
        if (status == HttpStatusCode.OK) Assert.Equal("bom", (string)body!["group"]!["notes"]!);
        else (status, body).AssertError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Oversized_bodies_are_a_json_413_with_or_without_a_length()
    {
        using var me = await fx.AccountAsync();
        var big = "{\"notes\":\"" + new string('x', 2 * 1024 * 1024) + "\"}";
        // Expect: 100-continue, as careful clients send large bodies: the server refuses before the bytes move, so
        // the client reads the 413 instead of writing into a connection the server has already closed.
        (await me.Api.RawAsync(HttpMethod.Post, "groups", Wire.Text(big), ("Expect", "100-continue"))).AssertError(HttpStatusCode.RequestEntityTooLarge);

        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "groups") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.ExpectContinue = true;
        using var response = await me.Api.SendAsync(request);
        (await Wire.ReadJsonAsync(response)).AssertError(HttpStatusCode.RequestEntityTooLarge);
        (await me.Api.RawAsync(HttpMethod.Post, "login", Wire.Text(big), ("Expect", "100-continue"))).AssertError(HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty((await me.Api.GetJsonAsync("groups")).AssertOk()["groups"]!.AsArray());
    }

    [Fact]
    public async Task Successful_answers_are_json_too()
    {
        using var me = await fx.AccountAsync();
        using var response = await me.Api.GetAsync("servers");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ok", (string)body["status"]!);
        using var root = Root();
        (await root.RawAsync(HttpMethod.Get, "/healthz")).AssertEnvelope();
        // The OpenAPI document still builds from the endpoints' metadata (bodies list "*/*" among their types).
        var openApi = (await root.RawAsync(HttpMethod.Get, "/openapi/v1.json")).AssertOk();
        Assert.NotNull(openApi["paths"]!["/ecs/v2/servers"]!["post"]!["requestBody"]);
    }
}
