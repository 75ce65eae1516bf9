using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenEcs.Core;
using OpenEcs.Core.Storage;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Errors;

/// <summary>The API's one error shape: {status, error_code, message} (+ request_id).</summary>
public static class ApiErrors
{
    public static string Word(int status) => status switch
    {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "payload_too_large",
        503 => "unavailable",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        _ => "error",
    };

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.BadRequest => 400,
        ErrorKind.Unauthorized => 401,
        ErrorKind.Forbidden => 403,
        ErrorKind.NotFound => 404,
        ErrorKind.Conflict => 409,
        ErrorKind.TooManyRequests => 429,
        ErrorKind.PayloadTooLarge => 413,
        _ => 500,
    };

    public static JsonHttpResult<ErrorResponse> Result(int status, string message, HttpContext context) =>
        TypedResults.Json(Body(status, message, context), WireJson.Wire.ErrorResponse, statusCode: status);

    public static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Body(status, message, context), WireJson.Wire.ErrorResponse);
    }

    private static ErrorResponse Body(int status, string message, HttpContext context) =>
        new(Word(status), status, message, context.TraceIdentifier);

    /// <summary>Unknown routes and wrong methods: the framework leaves an empty 404/405, which becomes the error shape.</summary>
    public static Task WriteStatusCodePageAsync(StatusCodeContext ctx)
    {
        var http = ctx.HttpContext;
        var status = http.Response.StatusCode;
        var message = status switch
        {
            404 => $"no such endpoint: {http.Request.Method} {http.Request.Path}",
            405 => $"method {http.Request.Method} is not allowed on {http.Request.Path}",
            _ => ReasonOf(status),
        };
        return WriteAsync(http, status, message);
    }

    private static string ReasonOf(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } r ? r.ToLowerInvariant() : "request failed";
}

/// <summary>Turns domain refusals and framework request errors into the error shape; anything else is a logged 500.</summary>
public sealed partial class EcsExceptionHandler(ILogger<EcsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, message) = exception switch
        {
            EcsException e => (ApiErrors.StatusOf(e.Kind), e.Message),
            BadHttpRequestException e => (e.StatusCode, e.StatusCode == 413 ? "the body is too large" : "the request cannot be read"),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "client closed the request"),
            _ when StoreErrors.IsTransient(exception) => (503, "the store is briefly unavailable; retry in a moment"),
            _ => (500, "internal error; the request id identifies it in the server log"),
        };
        if (status == 500) LogUnhandled(exception, context.TraceIdentifier);
        if (status == 503) context.RequestServices.GetRequiredService<Core.Telemetry.EcsTelemetry>().StoreError();
        if (context.Response.HasStarted) return true;
        if (status == 503) context.Response.Headers.RetryAfter = "1";
        await ApiErrors.WriteAsync(context, status, message);
        return true;
    }

    [LoggerMessage(LogLevel.Error, "unhandled error in request {RequestId}")]
    private partial void LogUnhandled(Exception e, string requestId);
}
