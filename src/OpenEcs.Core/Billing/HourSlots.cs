namespace OpenEcs.Core.Billing;

/// <summary>
/// How time becomes billed hours: a resource's life is cut into hours counted from its start (the anchor), and every
/// hour begun is billed once, at what holds when it begins, in the month it begins in. So a server created at 10:06
/// and deleted at 16:10 bills 7 hours; one switched off at 12:30 bills the 12:06 hour online and the 13:06 one offline;
/// and an hour is never billed twice (nor forgotten) however the stretches around it are cut.
/// </summary>
public readonly record struct HourSlots(DateTimeOffset Anchor)
{
    private static readonly long Hour = TimeSpan.TicksPerHour;

    /// <summary>How many hours begin in [from, until).</summary>
    public long Count(DateTimeOffset from, DateTimeOffset until) => until <= from ? 0 : FirstAtOrAfter(until) - FirstAtOrAfter(from);

    /// <summary>The index of the first hour that begins at or after <paramref name="t"/> (hours before the anchor do not exist).</summary>
    private long FirstAtOrAfter(DateTimeOffset t)
    {
        var ticks = (t - Anchor).Ticks;
        return ticks <= 0 ? 0 : (ticks + Hour - 1) / Hour;
    }
}

/// <summary>A half-open stretch of time [From, Until).</summary>
public readonly record struct Span(DateTimeOffset From, DateTimeOffset Until)
{
    public bool IsEmpty => Until <= From;

    public Span Intersect(Span other) => new(From > other.From ? From : other.From, Until < other.Until ? Until : other.Until);

    /// <summary>A calendar month in UTC.</summary>
    public static Span Month(int year, int month)
    {
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new Span(start, start.AddMonths(1));
    }
}
