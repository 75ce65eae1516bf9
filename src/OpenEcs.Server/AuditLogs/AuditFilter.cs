using OpenEcs.Core;
using OpenEcs.Core.AuditLogs;
using OpenEcs.Server.Accounts;
using OpenEcs.Server.Auth;
using OpenEcs.Server.Errors;
using OpenEcs.Server.Servers;

namespace OpenEcs.Server.AuditLogs;

/// <summary>Marks a POST that changes nothing (the docs' POST forms of reads): not a row of the trail.</summary>
public sealed class ReadOnlyCallAttribute : Attribute;

/// <summary>
/// The audit trail of /ecs/v2, as an endpoint filter: logins (either way), every call that changes something, and the
/// first use of each API token in a clock hour. A successful change waits for its row to be committed before its answer
/// is written (see <see cref="AuditTrail"/>): that is what "acknowledged" means here. Only the route, the action type,
/// the status and the client's address and user agent are kept: never a body, a query string or a credential.
/// </summary>
public sealed class AuditFilter(AuditTrail trail, TimeProvider time) : IEndpointFilter
{
    private const string Prefix = "/ecs/v2";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var login = context.Arguments.OfType<LoginRequest>().FirstOrDefault();
        var changes = login is null && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)
                      && http.GetEndpoint()?.Metadata.GetMetadata<ReadOnlyCallAttribute>() is null;
        var tenant = EcsAuthenticationHandler.TenantOf(http.User);
        var now = time.GetUtcNow();
        if (tenant?.ApiKeyId is { } key && trail.FirstUseThisHour(key, now))
            await trail.RecordAsync(Entry(http, tenant.AccountId, tenant.Username, "Token used", 200, "ApiToken",
                key.ToString(System.Globalization.CultureInfo.InvariantCulture), now, "first use of this API token in the hour"), false, http.RequestAborted);
        if (login is null && !changes) return await next(context);

        object? result;
        try
        {
            result = await next(context);
        }
        catch (Exception e)
        {
            await RecordAsync(http, context, login, tenant, StatusOf(e), null, now, durable: false);
            throw;
        }
        // Results<A, B> wraps the answer it chose.
        while (result is INestedHttpResult nested) result = nested.Result;
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
        var created = result is IValueHttpResult { Value: IAuditTarget t } ? t.AuditTarget : null;
        // A change acknowledged only once its row is stored; a refusal changed nothing and need not wait.
        await RecordAsync(http, context, login, tenant, status, created, now, durable: status is >= 200 and < 300 && changes);
        return result;
    }

    private Task RecordAsync(HttpContext http, EndpointFilterInvocationContext context, LoginRequest? login, Core.Tenancy.Tenant? tenant,
        int status, string? created, DateTimeOffset at, bool durable)
    {
        AuditEntry entry;
        if (login is not null)
        {
            // The account is found by the login's name when the row is written (a wrong name logs nothing).
            var name = login.Username?.Trim() ?? "";
            if (name.Length is 0 or > 64) return Task.CompletedTask;
            entry = Entry(http, null, name, "Login", status, "User", name, at, status == 200 ? null : "wrong username or password");
        }
        else if (tenant is not null)
        {
            var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value ?? "";
            if (route.StartsWith(Prefix, StringComparison.Ordinal)) route = route[Prefix.Length..];
            if (route.Length > 1) route = route.TrimEnd('/');
            var type = context.Arguments.OfType<ServerActionRequest>().FirstOrDefault()?.Type;
            entry = Entry(http, tenant.AccountId, tenant.Username, $"{http.Request.Method} {route}{(type is { Length: <= 32 } ? " " + type : "")}",
                status, TargetTypeOf(route), created ?? TargetOf(http), at, tenant.GroupId is { } g ? $"group login (group id {g})" : null);
        }
        else return Task.CompletedTask;
        return trail.RecordAsync(entry, durable, http.RequestAborted);
    }

    private static AuditEntry Entry(HttpContext http, long? account, string actor, string action, int status, string? targetType,
        string? target, DateTimeOffset at, string? description) =>
        new(account, actor, action, status, targetType, target, at, http.Connection.RemoteIpAddress?.ToString(),
            http.Request.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null,
            $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}", description);

    private static int StatusOf(Exception e) => e switch
    {
        EcsException ecs => ApiErrors.StatusOf(ecs.Kind),
        BadHttpRequestException bad => bad.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>The resource a route acts on: its first segment, in the docs' words (Server, Template, ...).</summary>
    private static string? TargetTypeOf(string route)
    {
        var first = route.Split('/', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return first switch
        {
            null => null,
            "servers" => "Server",
            "templates" => "Template",
            "groups" => "Group",
            "sshkeys" => "SshKey",
            "keys" => "ApiToken",
            "account" => "User",
            _ => char.ToUpperInvariant(first[0]) + first[1..].TrimEnd('s'),
        };
    }

    private static string? TargetOf(HttpContext http) =>
        http.Request.RouteValues.TryGetValue("name", out var name) ? name?.ToString()
        : http.Request.RouteValues.TryGetValue("id", out var id) ? id?.ToString()
        : null;
}
