using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace OpenEcs.Server.Contracts;

/// <summary>
/// A 200 whose body is the API's JSON for <typeparamref name="T"/>, written with its source-generated metadata; it tells
/// the OpenAPI document what the endpoint returns.
/// </summary>
public sealed class WireResult<T>(T value, JsonTypeInfo<T> info) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IValueHttpResult<T>
{
    public T Value { get; } = value;
    public int? StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        return http.Response.WriteAsJsonAsync(Value, info);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

public static class Wire
{
    public static WireResult<T> Ok<T>(T value, JsonTypeInfo<T> info) => new(value, info);
}
