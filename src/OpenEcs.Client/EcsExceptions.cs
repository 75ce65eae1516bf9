using System.Net;
using OpenEcs.Client.Models;

namespace OpenEcs.Client;

/// <summary>Base of every error this client raises on purpose (network failures stay <see cref="HttpRequestException"/>).</summary>
public class EcsException : Exception
{
    /// <summary>Creates an error with a message.</summary>
    public EcsException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>
/// The API refused a call: a non-success HTTP status with the API's error body
/// (<c>{"status": "not_found", "error_code": 404, "message": "..."}</c>). Subclasses name the common statuses.
/// </summary>
public class EcsApiException : EcsException
{
    /// <summary>Creates an error from an API answer.</summary>
    public EcsApiException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId = null, TimeSpan? retryAfter = null)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        Status = status;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }
    /// <summary>The body's <c>error_code</c> (the HTTP status as a number, when the body had none).</summary>
    public int ErrorCode { get; }
    /// <summary>The body's <c>status</c> word, e.g. <c>not_found</c>, <c>bad_request</c>.</summary>
    public string Status { get; }
    /// <summary>The body's <c>request_id</c> (OpenECS), to find the request in the server log; null if absent.</summary>
    public string? RequestId { get; }
    /// <summary>How long the server asked to wait (<c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>400: the request is malformed or names something that does not exist (an unknown plan, say).</summary>
public sealed class EcsBadRequestException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId, TimeSpan? retryAfter)
    : EcsApiException(statusCode, errorCode, status, message, requestId, retryAfter);

/// <summary>401: missing, wrong or expired credentials.</summary>
public sealed class EcsUnauthorizedException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId, TimeSpan? retryAfter)
    : EcsApiException(statusCode, errorCode, status, message, requestId, retryAfter);

/// <summary>403: the credentials may not do this (a group login managing keys, a quota reached).</summary>
public sealed class EcsForbiddenException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId, TimeSpan? retryAfter)
    : EcsApiException(statusCode, errorCode, status, message, requestId, retryAfter);

/// <summary>404: no such resource in this account (or it is already gone).</summary>
public sealed class EcsNotFoundException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId, TimeSpan? retryAfter)
    : EcsApiException(statusCode, errorCode, status, message, requestId, retryAfter);

/// <summary>409: the resource is in a state that forbids this now (e.g. a group that still holds servers).</summary>
public sealed class EcsConflictException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId, TimeSpan? retryAfter)
    : EcsApiException(statusCode, errorCode, status, message, requestId, retryAfter);

/// <summary>429: too many requests, and the retries (if any) did not get through; see <see cref="EcsApiException.RetryAfter"/>.</summary>
public sealed class EcsRateLimitedException(HttpStatusCode statusCode, int errorCode, string status, string message, string? requestId, TimeSpan? retryAfter)
    : EcsApiException(statusCode, errorCode, status, message, requestId, retryAfter);

/// <summary>An action ended in failure; <see cref="Action"/> holds it (its <c>Message</c> may say why).</summary>
public sealed class EcsActionFailedException(EcsAction action)
    : EcsException($"action {action.Id} ({action.Type} of {action.Resource}) failed" + (string.IsNullOrEmpty(action.Message) ? "" : $": {action.Message}"))
{
    /// <summary>The failed action.</summary>
    public EcsAction Action { get; } = action;
}
