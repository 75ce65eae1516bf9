using System.Reflection;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenEcs.Panel.Api;
using OpenEcs.Panel.Terminal;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Hosting;

/// <summary>The web panel as two calls for the host: <c>services.AddPanel(configuration)</c> and <c>app.MapPanel()</c>.</summary>
public static class PanelHosting
{
    public const string AssetsPath = "/assets";
    private static readonly Assembly Self = typeof(PanelHosting).Assembly;

    /// <summary>A version for asset URLs: a new build gets new URLs, so assets can be cached for good.</summary>
    public static readonly string AssetVersion = Self.ManifestModule.ModuleVersionId.ToString("N")[..12];

    public static IServiceCollection AddPanel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PanelOptions>().Bind(configuration.GetSection(PanelOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PanelOptions>, PanelOptionsValidator>();

        // The session cookie and the antiforgery tokens are encrypted with keys kept in the data folder.
        services.AddDataProtection().SetApplicationName("OpenEcs.Panel");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<PanelOptions>, ILoggerFactory>((keys, panel, logs) =>
            keys.XmlRepository = new PrivateKeyRepository(KeysDir(panel.Value, configuration), logs));

        services.AddAuthentication().AddCookie(PanelSession.Scheme, o =>
        {
            o.Cookie.Name = "openecs_session";
            o.Cookie.HttpOnly = true;
            // Lax: a link from elsewhere opens the panel signed in; every change is a POST with an antiforgery token.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/login";
            o.LogoutPath = "/logout";
            o.AccessDeniedPath = "/servers";
            o.ReturnUrlParameter = "returnUrl";
            // The session lasts as long as the API's login token, which it carries; never longer.
            o.SlidingExpiration = false;
            o.Events = new CookieAuthenticationEvents
            {
                // A script polling after the session ended gets a 401, not the login page's HTML.
                OnRedirectToLogin = ctx =>
                {
                    if (PanelProblemFilter.WantsJson(ctx.Request) || ctx.Request.Path.Value?.EndsWith("/console/socket", StringComparison.Ordinal) == true)
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    else ctx.Response.Redirect(ctx.RedirectUri);
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(PanelSession.Policy, p => p.AddAuthenticationSchemes(PanelSession.Scheme).RequireAuthenticatedUser());
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "openecs_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "RequestVerificationToken";
        });

        services.Configure<CookieTempDataProviderOptions>(o =>
        {
            o.Cookie.Name = "openecs_flash";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/", PanelSession.Policy);
                o.Conventions.AllowAnonymousToPage("/Login");
                o.Conventions.ConfigureFilter(new ServiceFilterAttribute(typeof(PanelProblemFilter)));
            })
            // Found by itself when the entry assembly is the server; named here for hosts that are not (tests).
            .ConfigureApplicationPartManager(m =>
            {
                if (!m.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == Self))
                    foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(Self).GetApplicationParts(Self)) m.ApplicationParts.Add(part);
            });
        services.AddScoped<PanelProblemFilter>();

        services.AddHttpContextAccessor();
        services.AddSingleton<ApiEndpoint>();
        services.AddTransient<ForwardedForHandler>();
        services.AddHttpClient(PanelApi.HttpClientName).AddHttpMessageHandler<ForwardedForHandler>();
        services.AddScoped<PanelApi>();
        return services;
    }

    /// <summary>Maps the panel's pages at <c>/</c>, its assets at <c>/assets</c> and the console bridge.</summary>
    public static WebApplication MapPanel(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<IOptions<PanelOptions>>().Value.Enabled) return app;
        app.Use(SecurityHeaders);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new ManifestEmbeddedFileProvider(Self, "Assets"),
            RequestPath = AssetsPath,
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl =
                ctx.Context.Request.Query.ContainsKey("v") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.MapRazorPages();
        app.MapConsoleBridge();
        return app;
    }

    /// <summary>Scripts and styles of the panel's own origin only, no framing, no sniffing.</summary>
    private static Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        if (!context.Request.Path.StartsWithSegments("/ecs") && !context.Request.Path.StartsWithSegments("/_openecs"))
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    // xterm.js and uPlot set inline styles; nothing runs inline.
                    headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
                                                    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
                    headers["Referrer-Policy"] = "same-origin";
                }
                headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            });
        }
        return next();
    }

    private static string KeysDir(PanelOptions panel, IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(panel.KeysDir)
            ? Path.GetFullPath(panel.KeysDir)
            : Path.Combine(Path.GetFullPath(configuration["OpenEcs:DataDir"] is { Length: > 0 } d ? d : "./data"), "panel-keys");

    private sealed class PanelOptionsValidator : IValidateOptions<PanelOptions>
    {
        public ValidateOptionsResult Validate(string? name, PanelOptions options) =>
            options.Validate().ToList() is { Count: > 0 } failures ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
