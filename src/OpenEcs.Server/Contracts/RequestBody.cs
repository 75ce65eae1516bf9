using Microsoft.AspNetCore.Http.Metadata;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using OpenEcs.Core;

namespace OpenEcs.Server.Contracts;

/// <summary>A request body that binds itself through <see cref="RequestBody"/>, with the JSON context of its folder.</summary>
public abstract record JsonBody<TSelf, TContext> : IBindableFromHttpContext<TSelf>, IEndpointParameterMetadataProvider
    where TSelf : JsonBody<TSelf, TContext>
    where TContext : JsonSerializerContext, IWireContext<TContext>
{
    public static ValueTask<TSelf?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        RequestBody.BindAsync(context, (JsonTypeInfo<TSelf>)TContext.Wire.GetTypeInfo(typeof(TSelf))!);

    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder) => RequestBody.Describe<TSelf>(builder);
}

/// <summary>
/// Reads a request body the way the real clients send it: JSON with or without a JSON content type (curl -d sends
/// JSON as a form), a trailing newline, no body at all on a call that needs none, or form fields (login with -F).
/// Anything else is a 400 naming the problem; nothing here can end in a 500.
/// </summary>
public static class RequestBody
{
    public static async ValueTask<T?> BindAsync<T>(HttpContext context, JsonTypeInfo<T> info) where T : class
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<OpenEcsOptions>>().Value.Limits.MaxBodyBytes;
        var bytes = await ReadBoundedAsync(context, limit);
        var start = FirstNonWhitespace(bytes);
        if (start < 0) return Deserialize("{}"u8.ToArray(), info);
        if (bytes[start] is (byte)'{' or (byte)'[' or (byte)'"' || IsJsonContentType(context.Request.ContentType))
            return Deserialize(bytes, info);
        if (context.Request.HasFormContentType)
            return Deserialize(await FormAsJsonAsync(context, bytes), info);
        throw EcsException.BadRequest("the body must be a JSON object (or form fields)");
    }

    /// <summary>
    /// Documents the body. "*/*" is listed too because routing answers 415 to any content type an endpoint does not
    /// list, before BindAsync could read a JSON body that came as text/plain or without its proper type.
    /// </summary>
    public static void Describe<T>(EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json", "multipart/form-data", "application/x-www-form-urlencoded", "*/*"], typeof(T)));

    private static T Deserialize<T>(byte[] json, JsonTypeInfo<T> info)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw EcsException.BadRequest("the body must be a JSON object");
            return doc.RootElement.Deserialize(info) ?? throw EcsException.BadRequest("the body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw EcsException.BadRequest(Describe(e));
        }
    }

    private static string Describe(JsonException e)
    {
        var field = e.Path is { Length: > 2 } p ? p[2..] : null;
        if (field is not null && e.Message.Contains("could not be converted", StringComparison.Ordinal))
            return $"field '{field}' has the wrong type";
        var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.');
        var where = e.LineNumber is { } line ? $" (line {line + 1}, position {e.BytePositionInLine + 1})" : "";
        return $"the body is not valid JSON{where}: {reason}";
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > limit) throw TooLarge(limit);
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limit);
        }
        return buffer.ToArray();
    }

    private static EcsException TooLarge(long limit) =>
        new(ErrorKind.PayloadTooLarge, $"the body is larger than the limit of {limit} bytes");

    private static async Task<byte[]> FormAsJsonAsync(HttpContext context, byte[] bytes)
    {
        context.Request.Body = new MemoryStream(bytes);
        IFormCollection form;
        try
        {
            form = await context.Request.ReadFormAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
        {
            throw EcsException.BadRequest($"the form body cannot be read: {e.Message}");
        }
        var json = new JsonObject();
        foreach (var (key, value) in form)
        {
            if (json.ContainsKey(key)) throw EcsException.BadRequest($"field '{key}' is given twice");
            json[key] = value.Count == 1 ? value[0] : throw EcsException.BadRequest($"field '{key}' is given {value.Count} times");
        }
        return JsonSerializer.SerializeToUtf8Bytes(json, WireJson.Wire.JsonObject);
    }

    private static bool IsJsonContentType(string? contentType) =>
        contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    private static int FirstNonWhitespace(byte[] bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return i;
        return -1;
    }
}
