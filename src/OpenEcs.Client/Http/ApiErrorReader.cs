using System.Net;
using System.Text;
using System.Text.Json;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Http;

/// <summary>Turns a refused answer into the typed exception for its status.</summary>
internal static class ApiErrorReader
{
    public static EcsApiException Read(HttpResponseMessage response, byte[] body, TimeProvider time)
    {
        var error = TryParse(body);
        var status = response.StatusCode;
        var code = error?.ErrorCode ?? (int)status;
        var word = string.IsNullOrEmpty(error?.Status) ? WordOf(status) : error.Status;
        var message = string.IsNullOrWhiteSpace(error?.Message) ? Fallback(response, body) : error.Message;
        var retryAfter = EcsRetryHandler.RetryAfter(response, time);
        var id = error?.RequestId;
        return status switch
        {
            HttpStatusCode.BadRequest => new EcsBadRequestException(status, code, word, message, id, retryAfter),
            HttpStatusCode.Unauthorized => new EcsUnauthorizedException(status, code, word, message, id, retryAfter),
            HttpStatusCode.Forbidden => new EcsForbiddenException(status, code, word, message, id, retryAfter),
            HttpStatusCode.NotFound => new EcsNotFoundException(status, code, word, message, id, retryAfter),
            HttpStatusCode.Conflict => new EcsConflictException(status, code, word, message, id, retryAfter),
            HttpStatusCode.TooManyRequests => new EcsRateLimitedException(status, code, word, message, id, retryAfter),
            _ => new EcsApiException(status, code, word, message, id, retryAfter),
        };
    }

    private static ErrorEnvelope? TryParse(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonSerializer.Deserialize(body, EcsJsonContext.Wire.ErrorEnvelope);
        }
        catch (JsonException)
        {
            return null; // a proxy's HTML page, say: the status line says enough
        }
    }

    /// <summary>Without the API's message: the reason phrase and the start of whatever text came back.</summary>
    private static string Fallback(HttpResponseMessage response, byte[] body)
    {
        var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? "request failed" : response.ReasonPhrase;
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)).ReplaceLineEndings(" ").Trim();
        return $"HTTP {(int)response.StatusCode} {reason}" + (text.Length > 0 && !text.StartsWith('<') ? $": {text}" : "");
    }

    private static string WordOf(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "bad_request",
        HttpStatusCode.Unauthorized => "unauthorized",
        HttpStatusCode.Forbidden => "forbidden",
        HttpStatusCode.NotFound => "not_found",
        HttpStatusCode.Conflict => "conflict",
        HttpStatusCode.TooManyRequests => "too_many_requests",
        _ => "error",
    };
}
