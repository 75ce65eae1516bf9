using System.Globalization;
using System.Text;

namespace OpenEcs.Server.Billing;

/// <summary>
/// RFC 4180 text: a header line, then one line per row, CRLF, fields quoted when they hold a comma, quote or line
/// break. A text field that a spreadsheet would run as a formula (leading = + - @) gets a leading apostrophe.
/// </summary>
public sealed record BillingCsv(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append("\r\n");
        foreach (var row in Rows) text.AppendJoin(',', row.Select(Field)).Append("\r\n");
        return text.ToString();
    }

    private static string Field(object? value) => value switch
    {
        null => "",
        string s => Quote(s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + s : s),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Quote(value.ToString() ?? ""),
    };

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
}
