namespace OpenEcs.Core;

public enum ErrorKind { BadRequest, Unauthorized, Forbidden, NotFound, Conflict, TooManyRequests, PayloadTooLarge }

/// <summary>A refusal the caller can act on; the host turns it into the API's error shape.</summary>
public sealed class EcsException(ErrorKind kind, string message) : Exception(message)
{
    public ErrorKind Kind { get; } = kind;

    public static EcsException NotFound(string what, string name) => new(ErrorKind.NotFound, $"{what} '{name}' not found");
    public static EcsException BadRequest(string message) => new(ErrorKind.BadRequest, message);
    public static EcsException Conflict(string message) => new(ErrorKind.Conflict, message);
    public static EcsException Forbidden(string message) => new(ErrorKind.Forbidden, message);
}
