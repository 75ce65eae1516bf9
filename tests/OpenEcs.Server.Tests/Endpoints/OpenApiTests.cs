using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Endpoints;

/// <summary>The OpenAPI document holds against the routes: every route documented, every answer the type it says.</summary>
public sealed partial class OpenApiTests(EcsServerFixture fx) : IClassFixture<EcsServerFixture>
{
    /// <summary>The API is /ecs/v2, the probes and the emulator controls; the web panel's pages are not part of it.</summary>
    private static bool Undocumented(string route) =>
        !(route.StartsWith("ecs/v2", StringComparison.Ordinal) || route.StartsWith("_openecs", StringComparison.Ordinal) || route.StartsWith("healthz", StringComparison.Ordinal));

    private async Task<JsonObject> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = fx.Server.BaseAddress };
        var text = await http.GetStringAsync("/openapi/v1.json");
        return JsonNode.Parse(text)!.AsObject();
    }

    private List<(string Path, string Method, Endpoint Endpoint)> Routes() =>
        fx.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !Undocumented(raw.TrimStart('/')))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => ("/" + e.RoutePattern.RawText!.Trim('/'), m.ToLowerInvariant(), (Endpoint)e)))
            .ToList();

    [Fact]
    public async Task Every_route_is_documented_with_the_type_it_answers()
    {
        var doc = await DocumentAsync();
        var paths = doc["paths"]!.AsObject();
        var routes = Routes();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found");
        foreach (var (path, method, endpoint) in routes)
        {
            var operation = paths[path]?[method];
            Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is not in the OpenAPI document");
            if (path.Contains("/console/", StringComparison.Ordinal)) continue; // a websocket upgrade: no JSON body
            var produces = endpoint.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().LastOrDefault(p => p.StatusCode == 200);
            Assert.True(produces?.Type is not null, $"{method} {path} does not say what it answers");
            var schema = operation!["responses"]?["200"]?["content"]?["application/json"]?["schema"];
            Assert.True(schema is not null, $"{method} {path}: no 200 schema");
            Assert.Equal(SchemaName(produces!.Type!), RefName(schema!));
        }
    }

    [Fact]
    public async Task The_api_operations_document_their_errors_and_both_ways_to_authenticate()
    {
        var doc = await DocumentAsync();
        var schemes = doc["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-APITOKEN", (string)schemes["ApiToken"]!["name"]!);
        Assert.Equal("bearer", (string)schemes["Bearer"]!["scheme"]!);
        var error = doc["components"]!["schemas"]!["ErrorResponse"]!["properties"]!.AsObject();
        Assert.Equal(["status", "error_code", "message", "request_id"], error.Select(p => p.Key));
        foreach (var (path, item) in doc["paths"]!.AsObject().Where(p => p.Key.StartsWith("/ecs/v2/", StringComparison.Ordinal)))
        foreach (var (method, operation) in item!.AsObject())
        {
            foreach (var status in new[] { "400", "401", "404", "429" })
                Assert.True(RefName(operation!["responses"]![status]?["content"]?["application/json"]?["schema"]) == "ErrorResponse",
                    $"{method} {path} does not document its {status} in the error shape");
            var anonymous = path is "/ecs/v2/login" || path.StartsWith("/ecs/v2/console/", StringComparison.Ordinal);
            Assert.Equal(!anonymous, operation!["security"] is JsonArray { Count: 2 });
        }
    }

    [Fact]
    public async Task Documented_schemas_are_the_shapes_the_server_writes()
    {
        using var me = await fx.AccountAsync();
        var name = await me.Api.CreateBootedServerAsync("documented");
        var doc = await DocumentAsync();
        var schemas = doc["components"]!["schemas"]!.AsObject();
        Assert.All(schemas.SelectMany(s => s.Value!["properties"]?.AsObject().Select(p => p.Key) ?? []),
            key => Assert.Matches(SnakeCase(), key));
        foreach (var path in new[] { "servers", $"servers/{name}", $"servers/{name}/status", $"servers/{name}/metrics", "actions",
                     "templates", "groups", "regions", "plans", "plans/availables", "images/basics", "sshkeys", "keys", "account" })
        {
            var documented = doc["paths"]!["/ecs/v2/" + path.Replace(name, "{name}")]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!;
            var answer = (await me.Api.GetJsonAsync(path)).AssertOk();
            Conforms(answer, documented, schemas, path);
        }
    }

    [Fact]
    public async Task The_reference_page_is_served()
    {
        using var http = new HttpClient { BaseAddress = fx.Server.BaseAddress };
        var page = await http.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        // The page loads the document from the site's root (the script resolves it against the origin).
        Assert.Contains("\"url\":\"openapi/v1.json\"", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar/scalar.js")).StatusCode);
    }

    /// <summary>Every key the server wrote is a documented property, and every required property is there.</summary>
    private static void Conforms(JsonNode? value, JsonNode schema, JsonObject schemas, string where)
    {
        if (RefName(schema) is { } reference) schema = schemas[reference]!;
        if (value is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            foreach (var (key, child) in obj)
            {
                Assert.True(properties.ContainsKey(key), $"{where}: '{key}' is written but not documented");
                Conforms(child, properties[key]!, schemas, $"{where}.{key}");
            }
            foreach (var required in schema["required"]?.AsArray().Select(r => (string)r!) ?? [])
                Assert.True(obj.ContainsKey(required), $"{where}: required '{required}' is missing");
        }
        else if (value is JsonArray array && schema["items"] is { } items)
            foreach (var item in array) Conforms(item, items, schemas, $"{where}[]");
    }

    private static string? RefName(JsonNode? schema) =>
        schema?["$ref"] is { } r ? ((string)r!).Split('/')[^1] : schema?["items"] is { } items ? RefName(items) : null;

    private static string SchemaName(Type type)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)) return SchemaName(type.GetGenericArguments()[0]);
        if (!type.IsGenericType) return type.Name;
        return type.Name[..type.Name.IndexOf('`')] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaName));
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex SnakeCase();
}
