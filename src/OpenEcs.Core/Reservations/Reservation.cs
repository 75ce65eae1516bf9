using System.Globalization;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Servers;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Reservations;

/// <summary>
/// A reserved period bought for a server: its hours bill at the plan's price less the period's discount, and the server
/// cannot be deleted until it ends. The billed hours themselves are a usage interval written with it.
/// </summary>
public sealed class Reservation : IGroupVisible<Reservation>
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    public long ServerId { get; set; }
    public required string ServerName { get; set; }
    public int PlanId { get; set; }
    public required string PlanName { get; set; }
    public int Months { get; set; }
    /// <summary>Percent off the hourly price, as the catalog said when it was bought.</summary>
    public int Discount { get; set; }
    public DateTimeOffset Start { get; set; }
    /// <summary>Start plus <see cref="Months"/>; earlier only if the server's create failed (nothing left to reserve).</summary>
    public DateTimeOffset End { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>A group login sees the reservations of the servers it sees.</summary>
    public static Expression<Func<Reservation, long, EcsDbContext, bool>> InGroup =>
        (r, group, db) => db.Set<Server>().Any(s => s.Id == r.ServerId && s.GroupId == group);
}

/// <summary>The docs' code for a reserved period: <c>M{months}P{plan}</c>, e.g. <c>M12PeCS1</c>.</summary>
public sealed partial record ReservedPlanCode(int Months, string Plan)
{
    public static ReservedPlanCode Parse(string code)
    {
        var m = Pattern().Match(code);
        if (!m.Success || !int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var months))
            throw EcsException.BadRequest($"reserved_plan '{code}' is not of the form M{{months}}P{{plan}}, e.g. M12PeCS1");
        return new ReservedPlanCode(months, m.Groups[2].Value);
    }

    [GeneratedRegex(@"^[Mm](\d{1,3})[Pp]([A-Za-z0-9]{1,32})$")]
    private static partial Regex Pattern();
}

internal sealed class ReservationConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> e)
    {
        e.ToTable("Reservations");
        e.Property(r => r.ServerName).HasMaxLength(64);
        e.Property(r => r.PlanName).HasMaxLength(64);
        e.HasOne<Server>().WithMany(s => s.Reservations).HasForeignKey(r => r.ServerId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(r => new { r.ServerId, r.End });
    }
}

public static class ReservationStore
{
    extension(EcsDbContext db)
    {
        public DbSet<Reservation> Reservations => db.Set<Reservation>();
    }
}
