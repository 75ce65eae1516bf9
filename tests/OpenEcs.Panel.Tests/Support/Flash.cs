using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OpenEcs.Panel.Tests.Support;

/// <summary>The after-a-form message of a page, and the action it names ("... (action 42).").</summary>
public static partial class Flash
{
    public static async Task<long> ActionIdAsync(IPage page)
    {
        var text = await page.GetByRole(AriaRole.Status).InnerTextAsync();
        var match = ActionPattern().Match(text);
        Assert.True(match.Success, $"no action named in “{text}”");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"\(action (\d+)\)")]
    private static partial Regex ActionPattern();
}
