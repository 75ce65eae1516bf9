using System.Globalization;

namespace OpenEcs.Core.Networks;

/// <summary>One item of a VLAN request: a single VLAN (<c>{vlan_id, pvid}</c>) or a range (<c>{"vlans": "1-100"}</c>).</summary>
public sealed record VlanRequest(int? VlanId, bool? Pvid, string? Vlans);

/// <summary>A network a server joins at create time, with its VLANs (none: the base VLAN, 1 as PVID, as the panel makes it).</summary>
public sealed record NetworkRequest(string Name, IReadOnlyList<VlanRequest> Vlans);

/// <summary>The VLAN ids 1–4094, in the docs' forms: <c>10</c>, <c>10-20</c>, <c>10,20-30</c>.</summary>
public static class VlanRanges
{
    public const int Min = 1;
    public const int Max = 4094;

    /// <summary>The base VLAN an interface gets when none is named.</summary>
    public static readonly IReadOnlyList<VlanRequest> Base = [new(1, true, null)];

    /// <summary>The VLANs a request asks for, each once, with at most one PVID; 400 otherwise.</summary>
    public static List<(int Id, bool Pvid)> Of(IReadOnlyList<VlanRequest> items)
    {
        if (items.Count == 0) throw EcsException.BadRequest("give vlan_id (and pvid) or vlans (e.g. \"1-100\")");
        var wanted = new List<(int Id, bool Pvid)>();
        // Refused at the first part that repeats an id: a body of "1-4094,1-4094,..." costs at most the 4094 ids.
        var seen = new bool[Max + 1];
        void Take(int start, int end, bool pvid)
        {
            var repeated = Enumerable.Range(start, end - start + 1).Where(v => seen[v]).ToList();
            if (repeated.Count > 0) throw EcsException.BadRequest($"the VLANs asked for overlap: {Describe(repeated)} named more than once");
            for (var v = start; v <= end; v++)
            {
                seen[v] = true;
                wanted.Add((v, pvid));
            }
        }
        foreach (var item in items)
        {
            if (item.VlanId is { } id)
            {
                if (item.Vlans is not null) throw EcsException.BadRequest("give either vlan_id or vlans, not both");
                Check(id);
                Take(id, id, item.Pvid ?? false);
            }
            else if (item.Vlans is { } text)
            {
                if (item.Pvid == true) throw EcsException.BadRequest("pvid is set on one VLAN (vlan_id), not on a range");
                foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
                {
                    var (start, end) = Range(part, "vlans");
                    Take(start, end, false);
                }
            }
            else throw EcsException.BadRequest("give vlan_id (and pvid) or vlans (e.g. \"1-100\")");
        }
        if (wanted.Count(v => v.Pvid) > 1) throw EcsException.BadRequest("an interface has one PVID: more than one VLAN asked for pvid");
        return wanted;
    }

    /// <summary>One VLAN or one range <c>A-B</c> (A ≤ B), each between 1 and 4094.</summary>
    public static (int Start, int End) Range(string text, string field)
    {
        var bounds = text.Split('-', StringSplitOptions.TrimEntries);
        if (bounds.Length is < 1 or > 2 || bounds.Any(b => !int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            throw EcsException.BadRequest($"{field}: '{text}' is not a VLAN id or a range like 10-20");
        var start = Check(int.Parse(bounds[0], CultureInfo.InvariantCulture));
        var end = Check(int.Parse(bounds[^1], CultureInfo.InvariantCulture));
        if (start > end) throw EcsException.BadRequest($"{field}: the range {start}-{end} ends before it starts");
        return (start, end);
    }

    public static int Check(long id) => id is >= Min and <= Max
        ? (int)id : throw EcsException.BadRequest($"vlan_id {id} is outside {Min}-{Max}");

    /// <summary>A short list of ids for a message: the first few and how many more.</summary>
    public static string Describe(IReadOnlyCollection<int> ids) =>
        string.Join(", ", ids.Order().Take(5)) + (ids.Count > 5 ? $" and {ids.Count - 5} more" : "");
}
