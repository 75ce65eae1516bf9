using System.Globalization;

namespace OpenEcs.Panel.Pages.Networks;

/// <summary>
/// The panel's VLAN selection field, in the docs' commands: <c>10</c>, <c>10-20</c>, <c>10,20-30</c>, <c>*</c> (every
/// VLAN, 1–4094) and <c>!</c> (every VLAN the interface does not have yet). The result is a list of ranges, in order,
/// merged; a malformed selection is refused here, before anything is sent to the API.
/// </summary>
public static class VlanSelection
{
    public const int Min = 1;
    public const int Max = 4094;
    public const int MaxLength = 200;

    /// <summary>The ranges <paramref name="text"/> selects, given the VLANs the interface has; an error message otherwise.</summary>
    public static (IReadOnlyList<(int First, int Last)> Ranges, string? Error) Parse(string? text, IReadOnlyCollection<int> existing)
    {
        if (string.IsNullOrWhiteSpace(text)) return ([], "type the VLANs to select, e.g. 10, 10-20, 10,20-30, * or !");
        // Each part may mark all 4094 VLANs: the length bounds the work a posted form can ask for.
        if (text.Length > MaxLength) return ([], $"a VLAN selection is at most {MaxLength} characters: use ranges (10-20)");
        var selected = new bool[Max + 1];
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (raw == "*") Mark(selected, Min, Max);
            else if (raw == "!")
            {
                Mark(selected, Min, Max);
                foreach (var id in existing) if (id is >= Min and <= Max) selected[id] = false;
            }
            else if (Range(raw) is { } range) Mark(selected, range.First, range.Last);
            else return ([], $"“{raw}” is not a VLAN (1–{Max}) or a range A-B");
        }
        var ranges = Ranges(selected);
        return ranges.Count == 0 ? ([], "the interface already has every VLAN selected") : (ranges, null);
    }

    /// <summary>The API's form of ranges: <c>10,20-30</c>.</summary>
    public static string Describe(IEnumerable<(int First, int Last)> ranges) => string.Join(",", ranges.Select(r =>
        r.First == r.Last ? r.First.ToString(CultureInfo.InvariantCulture) : $"{r.First.ToString(CultureInfo.InvariantCulture)}-{r.Last.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>Sorted VLAN ids as merged ranges.</summary>
    public static IReadOnlyList<(int First, int Last)> Ranges(IEnumerable<int> ids)
    {
        var selected = new bool[Max + 1];
        foreach (var id in ids) if (id is >= Min and <= Max) selected[id] = true;
        return Ranges(selected);
    }

    private static List<(int First, int Last)> Ranges(bool[] selected)
    {
        var ranges = new List<(int, int)>();
        for (var v = Min; v <= Max; v++)
        {
            if (!selected[v]) continue;
            var start = v;
            while (v < Max && selected[v + 1]) v++;
            ranges.Add((start, v));
        }
        return ranges;
    }

    private static void Mark(bool[] selected, int first, int last)
    {
        for (var v = first; v <= last; v++) selected[v] = true;
    }

    private static (int First, int Last)? Range(string part)
    {
        var dash = part.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0) return Id(part) is { } id ? (id, id) : null;
        return Id(part[..dash].Trim()) is { } a && Id(part[(dash + 1)..].Trim()) is { } b && a <= b ? (a, b) : null;
    }

    private static int? Id(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id is >= Min and <= Max ? id : null;
}
