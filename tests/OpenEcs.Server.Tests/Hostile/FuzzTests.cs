using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Hostile;

/// <summary>
/// Ten thousand generated malformed requests over every endpoint and method: broken, deep and duplicate-key JSON,
/// wrong types, nulls, huge strings, 10 MB bodies, control characters and odd Unicode, path traversal and overflowing
/// numbers in names and ids, odd content types. No answer may be a 5xx; every 4xx is in the error shape; a rejected
/// request leaves the store as it was; the server stays up.
/// </summary>
public sealed class FuzzTests : IAsyncLifetime
{
    public const int Requests = 10_000;
    private const int MaxBody = 1024 * 1024;
    private EcsServer _server = null!;
    private HttpClient _http = null!;
    private string _server1 = "";
    private long _sshKeyId, _groupId, _apiKeyId, _templateId, _actionId;

    public async Task InitializeAsync()
    {
        _server = await EcsServer.StartAsync(settings: ["OpenEcs:Limits:RequestsPerMinute=0", "OpenEcs:Auth:LoginAttemptsPerWindow=1000000"]);
        using var api = _server.Client();
        (await api.PostJsonAsync("sshkeys", new { label = "fuzz", key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo fuzz@x" })).AssertOk();
        _sshKeyId = (long)(await api.GetJsonAsync("sshkeys")).AssertOk()["pubkeys"]![0]!["id"]!;
        _groupId = (long)(await api.PostJsonAsync("groups", new { notes = "fuzz", password = "fuzz-pass" })).AssertOk()["group"]!["id"]!;
        _server1 = await api.CreateBootedServerAsync("fuzz target");
        var template = (await api.PostJsonAsync("templates", new { server = _server1 })).AssertOk();
        _templateId = (long)template["template"]!["id"]!;
        await api.WaitForActionAsync((long)template["action_id"]!);
        _actionId = (long)template["action_id"]!;
        // A token of its own for the fuzzer to maul (its requests use the admin token, which must survive).
        _apiKeyId = (long)(await api.PostJsonAsync("keys", new { notes = "fuzz" })).AssertOk()["id"]!;
        _http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public sealed record FuzzRequest(string Method, string Path, string? ContentType, byte[]? Body, bool Authenticated)
    {
        public override string ToString() =>
            $"{Method} {(Path.Length > 300 ? Path[..300] + $"...({Path.Length} chars)" : Path)} [{ContentType}] {(Body is null ? "-" : Body.Length > 200 ? $"{Body.Length} bytes" : Encoding.UTF8.GetString(Body))}";
    }

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_4xx_in_the_error_shape_and_change_nothing()
    {
        var fiveXx = 0;
        var rejected = 0;
        var protocolErrors = 0;
        var uploadsCut = 0;
        await Requests_().SampleAsync(async request =>
        {
            var before = await FingerprintAsync();
            int status;
            string body;
            bool closed;
            try
            {
                (status, body, closed) = await SendAsync(request);
            }
            catch (HttpRequestException) when (request.Body?.Length > MaxBody)
            {
                // The server answered before reading a body over its limit and closed the connection while the
                // client was still sending, so the client never saw the answer. Nothing may have changed.
                uploadsCut++;
                Assert.Equal(before, await FingerprintAsync());
                return;
            }
            if (status >= 500) Interlocked.Increment(ref fiveXx);
            Assert.True(status < 500, $"{(int)status} for {request}: {body}");
            if (status < 400) return;
            rejected++;
            if (request.Method == "HEAD") return; // HEAD answers carry no body by definition
            if (status is 400 or 414 or 431 && body.Length == 0 && closed)
            {
                // Kestrel refused a request that is not valid HTTP (a NUL in the path, a request line over its 8 KB
                // limit) before any OpenECS code ran; it has no body to shape.
                protocolErrors++;
                Assert.Equal(before, await FingerprintAsync());
                return;
            }

            var error = JsonNode.Parse(body) as JsonObject;
            Assert.True(error is not null, $"{status} for {request} is not a JSON object: {body}");
            Assert.Equal(status, (int)error!["error_code"]!);
            Assert.False(string.IsNullOrEmpty((string?)error["status"]));
            Assert.False(string.IsNullOrEmpty((string?)error["message"]));
            Assert.Equal(before, await FingerprintAsync());
        }, iter: Requests, threads: 1, seed: Environment.GetEnvironmentVariable("OPENECS_FUZZ_SEED"));

        Assert.Equal(0, fiveXx);
        Assert.True(protocolErrors < Requests / 20, $"{protocolErrors} requests were refused at the HTTP level");
        Assert.True(uploadsCut < 100, $"{uploadsCut} oversized uploads were cut off");
        Assert.True(rejected > Requests * 9 / 10, $"most generated requests should be refused; {rejected} were");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync("/healthz")).StatusCode);
        (await _server.Client().GetJsonAsync("servers")).AssertOk();
    }

    /// <summary>
    /// A NUL in every string a client can send, on the store of the run (PostgreSQL cannot hold one in text): each is a
    /// 400 naming its field, and nothing changes.
    /// </summary>
    [Fact]
    public async Task A_nul_in_any_field_path_or_query_is_a_400_naming_it()
    {
        const string key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJEmo";
        static string Create(string image = "debian-12", string notes = "n", string extra = "") =>
            "{\"plan\":\"ECS1\",\"location\":\"it-fr2\",\"image\":\"" + image + "\",\"notes\":\"" + notes + "\"" + extra + "}";
        var cases = new (string Method, string Path, string? Body, string Field)[]
        {
            ("POST", "/ecs/v2/login", """{"username":"ad\u0000min","password":"password-123"}""", "username"),
            ("POST", "/ecs/v2/login", """{"username":"admin","password":"pass\u0000word"}""", "password"),
            ("POST", "/ecs/v2/servers", Create(image: "debian\\u0000-12"), "image"),
            ("POST", "/ecs/v2/servers", Create(notes: "a\\u0000b"), "notes"),
            ("POST", "/ecs/v2/servers", Create(extra: ""","user_customize":"#!/bin/sh\u0000" """), "user_customize"),
            ("POST", "/ecs/v2/servers", Create(extra: ""","group":"eg1\u0000" """), "group"),
            ("POST", "/ecs/v2/servers", Create(extra: ""","ssh_key":"fu\u0000zz" """), "ssh_key"),
            ("POST", "/ecs/v2/servers", Create(extra: ""","networks":[{"name":"n\u0000"}]"""), "networks[0].name"),
            ("PUT", $"/ecs/v2/servers/{_server1}", """{"notes":"\u0000"}""", "notes"),
            ("PUT", $"/ecs/v2/servers/{_server1}", """{"group":"\u0000"}""", "group"),
            ("POST", $"/ecs/v2/servers/{_server1}/actions", """{"type":"power_on\u0000"}""", "type"),
            ("GET", "/ecs/v2/actions?resource=%00", null, "resource"),
            ("GET", "/ecs/v2/actions?start=1%00", null, "start"),
            ("GET", $"/ecs/v2/servers/{_server1}/metrics?end=%00", null, "end"),
            ("GET", "/ecs/v2/actions?resource=ec2%00&length=5", null, "resource"),
            ("POST", "/ecs/v2/templates", """{"server":"ec2\u0000"}""", "server"),
            ("POST", "/ecs/v2/templates", $$"""{"server":"{{_server1}}","description":"\u0000"}""", "description"),
            ("PUT", $"/ecs/v2/templates/{_templateId}", """{"notes":"\u0000"}""", "notes"),
            ("POST", "/ecs/v2/groups", """{"notes":"g","password":"secret\u0000pw"}""", "password"),
            ("POST", "/ecs/v2/sshkeys", $$"""{"label":"l","key":"{{key}} com\u0000ment"}""", "key"),
            ("POST", "/ecs/v2/sshkeys", $$"""{"label":"l\u0000","key":"{{key}} c"}""", "label"),
            ("PUT", $"/ecs/v2/sshkeys/{_sshKeyId}", """{"label":"\u0000"}""", "label"),
            ("POST", "/ecs/v2/keys", """{"notes":"\u0000"}""", "notes"),
            ("PUT", $"/ecs/v2/keys/{_apiKeyId}", """{"notes":"\u0000"}""", "notes"),
            ("POST", "/ecs/v2/account", """{"password":"new-pass\u0000word"}""", "password"),
            ("POST", "/_openecs/accounts", """{"username":"nul","password":"password-123","email":"nul\u0000@example.com"}""", "email"),
            ("POST", "/_openecs/faults", """{"action_type":"power_on","count":1,"message":"\u0000"}""", "message"),
        };
        var before = await FingerprintAsync();
        foreach (var (method, path, body, field) in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.TryAddWithoutValidation("X-APITOKEN", EcsServer.AdminToken);
            if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} {body}: {(int)response.StatusCode} {text}");
            Assert.Contains($"{field} must not contain NUL", (string)JsonNode.Parse(text)!["message"]!);
        }
        // Form fields (curl -F, -d) go through the same check.
        using var form = new FormUrlEncodedContent([new("username", "ad\u0000min"), new("password", "password-123")]);
        using var login = await _http.PostAsync("/ecs/v2/login", form);
        Assert.Equal(HttpStatusCode.BadRequest, login.StatusCode);
        Assert.Contains("username must not contain NUL", await login.Content.ReadAsStringAsync());
        using var multipart = new MultipartFormDataContent { { new StringContent("ad\u0000min"), "username" }, { new StringContent("password-123"), "password" } };
        using var multipartLogin = await _http.PostAsync("/ecs/v2/login", multipart);
        Assert.Equal(HttpStatusCode.BadRequest, multipartLogin.StatusCode);
        Assert.Contains("username must not contain NUL", await multipartLogin.Content.ReadAsStringAsync());
        Assert.Equal(before, await FingerprintAsync());
        // Line breaks and tabs stay legal in free text, and round-trip byte for byte.
        using var api = _server.Client();
        (await api.PutJsonAsync($"servers/{_server1}", new { notes = "line one\r\nline\ttwo\n" })).AssertOk();
        Assert.Equal("line one\r\nline\ttwo\n", (string)(await api.GetJsonAsync($"servers/{_server1}")).AssertOk()["server"]!["notes"]!);
    }

    private async Task<(int Status, string Body, bool Closed)> SendAsync(FuzzRequest r)
    {
        using var message = new HttpRequestMessage(new HttpMethod(r.Method), r.Path);
        // A fresh connection each time: a refused upload ends its connection, which must not fail the next request.
        message.Headers.ConnectionClose = true;
        if (r.Authenticated) message.Headers.TryAddWithoutValidation("X-APITOKEN", EcsServer.AdminToken);
        if (r.Body is not null)
        {
            message.Content = new ByteArrayContent(r.Body);
            // Large uploads ask first, as careful clients do: the server can refuse (413, 405) before the bytes move.
            if (r.Body.Length > 64 * 1024) message.Headers.ExpectContinue = true;
            if (r.ContentType is not null && MediaTypeHeaderValue.TryParse(r.ContentType, out var type)) message.Content.Headers.ContentType = type;
        }
        using var response = await _http.SendAsync(message);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ConnectionClose == true);
    }

    /// <summary>What a user owns and a rejected request must not change (not what the action runner writes).</summary>
    private async Task<string> FingerprintAsync() => (await _server.Database.ScalarAsync("""
        SELECT CAST((SELECT COUNT(*) FROM "Servers") AS TEXT) || '|' ||
               CAST((SELECT COALESCE(SUM(LENGTH("Notes")), 0) + COALESCE(SUM(COALESCE("GroupId", 0)), 0) FROM "Servers") AS TEXT) || '|' ||
               CAST((SELECT COUNT(*) FROM "Actions") AS TEXT) || '|' ||
               CAST((SELECT COUNT(*) + COALESCE(SUM(LENGTH("Label")), 0) FROM "SshKeys") AS TEXT) || '|' ||
               CAST((SELECT COUNT(*) + COALESCE(SUM(LENGTH("Notes")), 0) FROM "ApiKeys") AS TEXT) || '|' ||
               CAST((SELECT COUNT(*) + COALESCE(SUM(LENGTH("Notes")), 0) FROM "Groups") AS TEXT) || '|' ||
               CAST((SELECT COUNT(*) + COALESCE(SUM(LENGTH("Notes") + LENGTH("Description")), 0) FROM "Templates") AS TEXT) || '|' ||
               CAST((SELECT COUNT(*) FROM "Accounts") AS TEXT) || '|' ||
               (SELECT MIN("PasswordHash") FROM "Accounts")
        """))!.ToString()!;

    // ---- generators ----

    private Gen<FuzzRequest> Requests_() =>
        Gen.Frequency(
            (6, Gen.Select(Endpoint(), Gen.OneOf(Methods), BadBody(), Gen.OneOf(ContentTypes), Gen.Int[0, 9].Select(n => n > 0),
                (e, m, b, c, auth) => new FuzzRequest(m, e, c, b, auth))),
            (3, Gen.Select(BadPath(), Gen.OneOf(Methods), BadBody(), Gen.Int[0, 9].Select(n => n > 0),
                (p, m, b, auth) => new FuzzRequest(m, p, "application/json", b, auth))),
            (1, Gen.Select(Endpoint(), Gen.OneOf("POST", "PUT"), Gen.Int[0, 100],
                (e, m, n) => new FuzzRequest(m, e, n % 2 == 0 ? "application/json" : "text/plain",
                    n < 3 ? Huge(10 * 1024 * 1024 + 1) : Huge(2 * 1024 * 1024), true))));

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"];
    private static readonly string?[] ContentTypes =
        ["application/json", "application/json; charset=utf-16", "text/plain", "application/xml", "application/x-www-form-urlencoded",
         "multipart/form-data; boundary=zzz", "multipart/form-data", "application/octet-stream", null, "application/json; charset=nonsense"];

    private Gen<string> Endpoint() => Gen.OneOf(
        "/ecs/v2/servers", $"/ecs/v2/servers/{_server1}", $"/ecs/v2/servers/{_server1}/actions", $"/ecs/v2/servers/{_server1}/status",
        $"/ecs/v2/servers/{_server1}/metrics", "/ecs/v2/actions", $"/ecs/v2/actions/{_actionId}", "/ecs/v2/templates",
        $"/ecs/v2/templates/{_templateId}", "/ecs/v2/groups", $"/ecs/v2/groups/{_groupId}", "/ecs/v2/sshkeys", $"/ecs/v2/sshkeys/{_sshKeyId}",
        "/ecs/v2/keys", $"/ecs/v2/keys/{_apiKeyId}", "/ecs/v2/account", "/ecs/v2/login", "/ecs/v2/regions", "/ecs/v2/regions/availables",
        "/ecs/v2/plans", "/ecs/v2/plans/availables", "/ecs/v2/images/basics", "/ecs/v2/images/cloud-images", "/_openecs/faults",
        "/_openecs/clock", "/_openecs/accounts");

    private static readonly string[] Segments =
        ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "ec299999999999999999999", "99999999999999999999999", "-1", "0",
         "1e309", "NaN", "%00", "%0a%0d", "%ff%fe", "%e2%80%ae", "%f0%9f%92%a9", "nogroup", "' OR 1=1 --", "%22%3e%3cscript%3e",
         "ec2%00", new string('a', 5000), "%c0%ae%c0%ae", "CON", "~", "%25", "a;b", "ec200001?x=1"];

    private Gen<string> BadPath() => Gen.Select(Gen.OneOf(
            "/ecs/v2/servers/{0}", "/ecs/v2/servers/{0}/actions", "/ecs/v2/servers/{0}/status", "/ecs/v2/servers/{0}/metrics",
            "/ecs/v2/actions/{0}", "/ecs/v2/templates/{0}", "/ecs/v2/groups/{0}", "/ecs/v2/sshkeys/{0}", "/ecs/v2/keys/{0}",
            "/ecs/v2/actions?start={0}&length={0}&resource={0}", $"/ecs/v2/servers/{_server1}/metrics?start={{0}}&end={{0}}&format={{0}}",
            "/ecs/v2/{0}", "/{0}", "/ecs/v2/console/{0}"),
        Gen.OneOf(Segments), (template, segment) => string.Format(template, segment));

    private static readonly string[] Fields =
        ["plan", "location", "image", "notes", "note", "ssh_key", "group", "type", "label", "key", "password", "username", "email",
         "server", "description", "action_type", "count", "probability", "advance_seconds", "set_to", "user_customize", "snapshot"];

    private static Gen<JsonNode?> WrongValue() => Gen.OneOf<JsonNode?>(
        null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create(long.MaxValue), JsonValue.Create(1.5e300), JsonValue.Create(true),
        new JsonArray(), new JsonArray(1, "x"), new JsonObject(), new JsonObject { ["a"] = 1 }, JsonValue.Create(""),
        JsonValue.Create(new string('x', 100_000)), JsonValue.Create("\u0000\u0001\u001f"), JsonValue.Create("\u202e\u200b\ufeff"),
        JsonValue.Create("ECS1"), JsonValue.Create("power_on"), JsonValue.Create("nogroup"), JsonValue.Create("   "));

    private static Gen<byte[]?> BadBody() => Gen.Frequency(
        (5, Gen.Select(Gen.OneOf(Fields).Array[1, 5], WrongValue().Array[5], (keys, values) =>
        {
            var o = new JsonObject();
            for (var i = 0; i < keys.Length; i++) o[keys[i]] = values[i]?.DeepClone();
            return (byte[]?)Encoding.UTF8.GetBytes(o.ToJsonString());
        })),
        (3, Gen.OneOf<byte[]?>(Raw.Select(s => (byte[]?)Encoding.UTF8.GetBytes(s)).ToArray())),
        (1, Gen.Int[1, 400].Select(n => (byte[]?)Encoding.UTF8.GetBytes(new string('[', n * 10) + new string(']', n * 10)))),
        (1, Gen.Byte.Array[1, 300].Select(b => (byte[]?)b)),
        (1, Gen.Const((byte[]?)null)));

    private static readonly string[] Raw =
    [
        "{", "}", "{\"plan\":", "{\"plan\": \"ECS1\",}", "{'plan': 'ECS1'}", "{\"notes\":\"a\",\"notes\":\"b\"}", "{\"type\":\"power_on\",\"type\":\"power_off\"}",
        "[]", "null", "true", "42", "\"text\"", "{\"notes\":\"\\ud800\"}", "{\"notes\":\"\\u0000\"}", "{\"count\": 1e400}", "{\"count\": 99999999999999999999}",
        "{\"advance_seconds\": -1e308}", "{\"probability\": \"NaN\"}", "plan=ECS1&notes=x&notes=y", "--zzz\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n",
        "\uFEFF{\"notes\":\"bom\"}", "{\"notes\": \"x\"} trailing", "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":{\"h\":{\"i\":{\"j\":{\"k\":{\"l\":{\"m\":{\"n\":{\"o\":{\"p\":{\"q\":{\"r\":{\"s\":{\"t\":{\"u\":{\"v\":{\"w\":{\"x\":{\"y\":{\"z\":{\"A\":{\"B\":{\"C\":{\"D\":{\"E\":{\"F\":{\"G\":{\"H\":1}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}",
        "<xml/>", "\u0000\u0000\u0000", "{\"password\": null, \"username\": null}", "{\"plan\": [\"ECS1\"], \"location\": {\"a\": 1}}",
    ];

    private static byte[] Huge(int size)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, (byte)'a');
        bytes[0] = (byte)'{';
        bytes[1] = (byte)'"';
        return bytes;
    }
}
