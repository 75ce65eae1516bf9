using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using OpenEcs.Client;
using OpenEcs.Panel.Api;
using OpenEcs.Panel.Hosting;
using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Pages;

/// <summary>
/// Base of the panel's pages: the API as the signed-in user, and the after-a-form message. API failures need no
/// handling here: <see cref="PanelProblemFilter"/> shows them.
/// </summary>
public abstract class PanelPage : PageModel
{
    private PanelApi Api => HttpContext.RequestServices.GetRequiredService<PanelApi>();

    /// <summary>The API, as the signed-in user.</summary>
    protected EcsClient Ecs => Api.Client;

    /// <summary>Who is signed in (every page but the login page requires a session).</summary>
    public PanelSession Session => PanelSession.Of(User) ?? throw new InvalidOperationException("no panel session");

    /// <summary>Shown once on the next page, after a redirect.</summary>
    protected void Flash(string message) => TempData[PanelProblemFilter.FlashKey] = message;

    /// <summary>Shown on this page (a form that was refused and is shown again with what was typed).</summary>
    protected void ShowError(string message) => ViewData["Error"] = message;

    /// <summary>Back to this page by GET, after a form did its work (so a reload does not post it again).</summary>
    protected RedirectResult Back(string? message = null)
    {
        if (message is not null) Flash(message);
        return Redirect(Request.Path + Request.QueryString);
    }

    /// <summary>Back to this page by GET, showing why the form was not sent to the API.</summary>
    protected RedirectResult Refuse(string message)
    {
        TempData[PanelProblemFilter.ErrorKey] = message;
        return Redirect(Request.Path + Request.QueryString);
    }

    /// <summary>The problem page with this status and message, in place of the page.</summary>
    protected ViewResult Problem(int status, string message) =>
        PanelProblemFilter.View(status, message, HttpContext.RequestServices.GetRequiredService<Microsoft.AspNetCore.Mvc.ModelBinding.IModelMetadataProvider>());

    /// <summary>A JSON answer for the page's scripts.</summary>
    protected static JsonResult Json(object value) => new(value);
}
