using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Addresses;

/// <summary>An address of a region's pool held by a server; the primary key keeps two servers off one address.</summary>
public sealed class AddressLease
{
    public required string Address { get; set; }
    public required string Region { get; set; }
    public long ServerId { get; set; }
}

internal sealed class AddressLeaseConfiguration : IEntityTypeConfiguration<AddressLease>
{
    public void Configure(EntityTypeBuilder<AddressLease> e)
    {
        e.ToTable("AddressLeases");
        e.HasKey(a => a.Address);
        e.HasIndex(a => a.ServerId);
    }
}

public static class AddressLeaseStore
{
    extension(EcsDbContext db)
    {
        public DbSet<AddressLease> AddressLeases => db.Set<AddressLease>();
    }
}
