namespace OpenEcs.Server.Contracts;

/// <summary>
/// Refuses a NUL in the query string with a 400 naming the parameter, before any endpoint runs (PostgreSQL cannot
/// hold a NUL in text, and no parameter needs one). Kestrel itself refuses one in the path (%00 there is a bare 400),
/// and bodies are checked as they are bound (<see cref="RequestBody"/>).
/// </summary>
public static class NulGuard
{
    public static IApplicationBuilder UseNulGuard(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) == true)
            foreach (var (name, values) in context.Request.Query)
            {
                if (name.Contains('\0')) throw Fields.NulIn("a query parameter name");
                if (values.Any(v => v?.Contains('\0') == true)) throw Fields.NulIn(name);
            }
        return next(context);
    });
}
