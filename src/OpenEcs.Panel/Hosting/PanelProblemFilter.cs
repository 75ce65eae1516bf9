using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using OpenEcs.Client;
using OpenEcs.Panel.Api;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Hosting;

/// <summary>What a page shows instead of its content when the API refused or could not be reached.</summary>
public sealed record PanelProblem(int Status, string Title, string Message);

/// <summary>
/// Every failure of the API becomes the API's message, never a blank or error page: a form's refusal is shown on the
/// page it came from (after a redirect), a page that cannot be built shows the message with the API's status (404 for
/// another account's server), a script gets it as JSON, and an expired login goes back to the login page.
/// </summary>
public sealed class PanelProblemFilter(ITempDataDictionaryFactory tempData, IModelMetadataProvider metadata, ApiEndpoint endpoint) : IAsyncPageFilter
{
    public const string ErrorKey = "Error";
    public const string FlashKey = "Flash";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not { } e || executed.ExceptionHandled) return;
        var (status, message) = Describe(e, endpoint);
        if (status == 0) return;
        executed.ExceptionHandled = true;
        var http = context.HttpContext;

        if (status == StatusCodes.Status401Unauthorized && PanelSession.Of(http.User) is not null)
        {
            // The login token expired or was revoked: the session is over.
            await http.SignOutAsync(PanelSession.Scheme);
            executed.Result = WantsJson(http.Request)
                ? Json(status, "your session has ended; sign in again")
                : new RedirectResult("/login?returnUrl=" + Uri.EscapeDataString(http.Request.Path + http.Request.QueryString));
            return;
        }
        if (WantsJson(http.Request))
        {
            executed.Result = Json(status, message);
            return;
        }
        if (HttpMethods.IsPost(http.Request.Method))
        {
            tempData.GetTempData(http)[ErrorKey] = message;
            executed.Result = new RedirectResult(http.Request.Path + http.Request.QueryString);
            return;
        }
        executed.Result = View(status, message, metadata);
    }

    /// <summary>The problem page in the panel's layout, with the status of the failure.</summary>
    public static ViewResult View(int status, string message, IModelMetadataProvider metadata) => new()
    {
        ViewName = "/Pages/Shared/Problem.cshtml",
        StatusCode = status,
        ViewData = new ViewDataDictionary<PanelProblem>(metadata, new ModelStateDictionary())
        {
            Model = new PanelProblem(status, TitleOf(status), message),
            ["Title"] = TitleOf(status),
        },
    };

    /// <summary>The status and message a failure is shown with; status 0 for failures that are not the API's.</summary>
    public static (int Status, string Message) Describe(Exception e, ApiEndpoint endpoint) => e switch
    {
        EcsApiException api => ((int)api.StatusCode, api.Message),
        HttpRequestException http => ((int)HttpStatusCode.BadGateway, $"the API at {endpoint.BaseUrl} cannot be reached: {http.Message}"),
        TaskCanceledException { InnerException: TimeoutException } => ((int)HttpStatusCode.GatewayTimeout, $"the API at {endpoint.BaseUrl} did not answer in time"),
        EcsException ecs => ((int)HttpStatusCode.BadGateway, ecs.Message),
        _ => (0, ""),
    };

    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase);

    private static JsonResult Json(int status, string message) => new(new PanelError(message)) { StatusCode = status };

    private static string TitleOf(int status) => status switch
    {
        404 => "Not found",
        403 => "Not allowed",
        429 => "Too many requests",
        502 or 503 or 504 => "The API is unavailable",
        _ => "The API refused",
    };
}

public sealed record PanelError(string Error);
