using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>
/// The wire contract (CONTRACT.md) as assertions: each shape lists "key:type" pairs, where type is one of
/// string, digits (a string of digits, e.g. plan sizes), int, number, bool, object, array, time (RFC 3339 with a
/// numeric offset); a trailing '?' also allows null. Extra keys are allowed, as the contract says.
/// </summary>
public static partial class Wire
{
    public static readonly string[] Server =
    [
        "name:string", "ipv4:string", "ipv6:string", "group:string?", "plan:string", "plan_size:object",
        "reserved_plans:array", "last_restored_snapshot:object?", "is_reserved:bool", "reserved_until:string",
        "support:object?", "location:string", "location_label:string", "notes:string", "so:string", "so_label:string",
        "creation_date:time", "deletion_date:time?", "active_flag:bool", "status:string", "progress:int",
        "api_version:string", "api_version_value:int", "user:string", "virttype:string",
    ];

    /// <summary>ecsapi's ServerSupport model (server__name, weigth sic, start never null).</summary>
    public static readonly string[] Support =
    [
        "server__name:string", "server_notes:string", "support_title:string", "support_code:string", "immutable:bool",
        "start:time", "end:time?", "may_downgrade:bool", "weigth:int", "days:int", "cancelled:bool", "cancelled_at:time?",
    ];

    /// <summary>A reserved_plans item: the docs' reserved_month and ecsapi's reserved_months (its DiscountRecord).</summary>
    public static readonly string[] ReservedPlan =
    [
        "reserved_plan:int", "reserved_month:int", "reserved_months:int", "plan:int", "discount:int", "start_date:time",
        "end_date:time", "server:string",
    ];

    public static readonly string[] PlanSize =
        ["core:digits", "ram:digits", "disk:digits", "gpu:digits", "gpu_label:string?", "host_type:string"];

    public static readonly string[] Action =
    [
        "id:int", "status:string", "user:string", "created_at:time", "started_at:time?", "completed_at:time?",
        "resource:string", "resource_type:string", "type:string", "progress:int",
    ];

    public static readonly string[] Image =
    [
        "id:int", "name:string", "creation_date:time", "deletion_date:time?", "active_flag:bool", "status:string",
        "uuid:string", "description:string", "notes:string", "public:bool", "cloud_image:bool", "so_base:string",
        "required_disk:int", "api_version:string", "api_version_value:int", "version:string",
    ];

    public static readonly string[] Region = ["id:int", "location:string", "description:string"];

    public static readonly string[] PlanCommon =
    [
        "id:int", "name:string", "cpu:digits", "ram:digits", "disk:digits", "gpu:digits", "gpu_label:string?",
        "hourly_price:number", "montly_price:number", "windows:bool", "host_type:string", "available:bool",
        "available_regions:array",
    ];

    public static readonly string[] Group = ["id:int", "name:string", "notes:string", "enabled:bool"];
    public static readonly string[] SshKey = ["id:int", "label:string", "key:string", "created_at:time"];
    public static readonly string[] ApiKey = ["id:int", "notes:string", "created_at:time"];

    /// <summary>Asserts that the node is an object holding every key of the spec with its JSON type.</summary>
    public static JsonObject Shape(JsonNode? node, params string[] spec)
    {
        var obj = Assert.IsType<JsonObject>(node);
        foreach (var entry in spec)
        {
            var colon = entry.IndexOf(':');
            var (key, type) = (entry[..colon], entry[(colon + 1)..]);
            Assert.True(obj.ContainsKey(key), $"missing key '{key}' in {obj.ToJsonString()}");
            AssertType(obj[key], type, key);
        }
        return obj;
    }

    public static void AssertType(JsonNode? value, string type, string where)
    {
        var bare = type.TrimEnd('?');
        if (value is null)
        {
            Assert.True(type.EndsWith('?'), $"'{where}' is null, expected {type}");
            return;
        }
        var kind = value.GetValueKind();
        var ok = bare switch
        {
            "string" => kind == JsonValueKind.String,
            "digits" => kind == JsonValueKind.String && Digits().IsMatch((string)value!),
            "int" => kind == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _),
            "number" => kind == JsonValueKind.Number,
            "bool" => kind is JsonValueKind.True or JsonValueKind.False,
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "time" => kind == JsonValueKind.String && IsTimestamp((string)value!),
            _ => throw new ArgumentException($"unknown type '{type}' in a shape"),
        };
        Assert.True(ok, $"'{where}' should be {type} but is {value.ToJsonString()}");
    }

    /// <summary>RFC 3339 with an explicit numeric offset, e.g. 2025-02-11T13:42:58.594971+00:00.</summary>
    public static bool IsTimestamp(string text) =>
        Rfc3339().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>A 200 with "status": "ok" and the payload keys of the spec.</summary>
    public static JsonObject AssertEnvelope(this (HttpStatusCode Status, JsonNode? Body) response, params string[] spec)
    {
        var body = response.AssertOk();
        var obj = Shape(body, spec);
        Assert.Equal("ok", (string?)obj["status"]);
        return obj;
    }

    public static JsonObject AssertServer(JsonNode? node)
    {
        var server = Shape(node, Server);
        Shape(server["plan_size"], PlanSize);
        Assert.Matches(@"^ec2\d{5}$", (string)server["name"]!);
        Assert.Equal("KVM", (string)server["virttype"]!);
        Assert.Equal("v5", (string)server["api_version"]!);
        Assert.Equal(5, (int)server["api_version_value"]!);
        var reserved = server["reserved_plans"]!.AsArray();
        foreach (var item in reserved) Assert.Equal((string)server["name"]!, (string)Shape(item, ReservedPlan)["server"]!);
        Assert.Equal(reserved.Count > 0, (bool)server["is_reserved"]!);
        Assert.True(reserved.Count > 0 ? IsTimestamp((string)server["reserved_until"]!) : (string)server["reserved_until"]! == "",
            $"reserved_until {server["reserved_until"]}");
        if (server["support"] is { } support) Shape(support, Support);
        return server;
    }

    public static JsonObject AssertAction(JsonNode? node, string? type = null, string? resource = null)
    {
        var action = Shape(node, Action);
        Assert.Contains((string)action["status"]!, new[] { "in-progress", "completed", "failed" });
        Assert.InRange((int)action["progress"]!, 0, 100);
        if (type is not null) Assert.Equal(type, (string)action["type"]!);
        if (resource is not null) Assert.Equal(resource, (string)action["resource"]!);
        return action;
    }

    public static JsonObject AssertImage(JsonNode? node)
    {
        var image = Shape(node, Image);
        Assert.True(Guid.TryParse((string)image["uuid"]!, out _), $"uuid {(string)image["uuid"]!}");
        Assert.Equal($"v{(int)image["api_version_value"]!}", (string)image["api_version"]!);
        return image;
    }

    // Raw requests: exact bytes and content types, as curl and the Go client send them.

    /// <summary>A body of exactly these bytes, with exactly this Content-Type (none when null; no charset added).</summary>
    public static HttpContent Text(string body, string? contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>Sends a request and reads the answer; any answer with a body must be JSON (never an HTML page).</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body)> RawAsync(
        this HttpClient client, HttpMethod method, string path, HttpContent? content = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await client.SendAsync(request);
        return await ReadJsonAsync(response);
    }

    public static async Task<(HttpStatusCode Status, JsonNode? Body)> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"server error {(int)response.StatusCode}: {text}");
        if (text.Length == 0) return (response.StatusCode, null);
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/json",
            $"expected a JSON answer, got {response.Content.Headers.ContentType}: {text}");
        return (response.StatusCode, JsonNode.Parse(text));
    }

    public static string TokenOf(HttpClient client) => client.DefaultRequestHeaders.GetValues("X-APITOKEN").Single();

    [GeneratedRegex(@"^\d+$")]
    private static partial Regex Digits();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?[+-]\d{2}:\d{2}$")]
    private static partial Regex Rfc3339();
}
