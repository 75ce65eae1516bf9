using OpenEcs.Panel.Session;

namespace OpenEcs.Panel.Hosting;

/// <summary>One entry of the panel's menu: a page and who sees it.</summary>
public sealed record NavEntry(string Title, string Path, Func<PanelSession, bool> Visible);

/// <summary>
/// The panel's menu. A new page is a Razor page under Pages/ plus one line here; group logins see only what the API
/// lets them use (servers and actions).
/// </summary>
public static class Navigation
{
    public static readonly IReadOnlyList<NavEntry> Entries =
    [
        new("Servers", "/servers", _ => true),
        new("Create server", "/servers/new", _ => true),
        new("Actions", "/actions", _ => true),
        new("Templates", "/templates", s => s.IsAccount),
        new("Scripts", "/scripts", s => s.IsAccount),
        new("Networks", "/networks", s => s.IsAccount),
        new("Groups", "/groups", s => s.IsAccount),
        new("SSH keys", "/sshkeys", s => s.IsAccount),
        new("API tokens", "/tokens", s => s.IsAccount),
        new("Billing", "/billing", s => s.IsAccount),
        new("Logs", "/logs", s => s.IsAccount),
        new("Account", "/account", s => s.IsAccount),
        new("Admin", "/admin", s => s.IsAdmin),
    ];

    /// <summary>The entry a path belongs to: the longest matching prefix.</summary>
    public static NavEntry? Current(string path) => Entries
        .Where(e => path.Equals(e.Path, StringComparison.OrdinalIgnoreCase)
                    || (path.StartsWith(e.Path + "/", StringComparison.OrdinalIgnoreCase) && !Entries.Any(o => o.Path.Length > e.Path.Length && path.StartsWith(o.Path, StringComparison.OrdinalIgnoreCase))))
        .MaxBy(e => e.Path.Length);
}
