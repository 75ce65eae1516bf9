using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Consoles;

/// <summary>A one-time console key (its hash): valid until <see cref="ExpiresAt"/>, good for one connection.</summary>
public sealed class ConsoleTicket
{
    public required string KeyHash { get; set; }
    public long ServerId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class ConsoleTicketConfiguration : IEntityTypeConfiguration<ConsoleTicket>
{
    public void Configure(EntityTypeBuilder<ConsoleTicket> e)
    {
        e.ToTable("ConsoleTickets");
        e.HasKey(k => k.KeyHash);
    }
}

public static class ConsoleTicketStore
{
    extension(EcsDbContext db)
    {
        public DbSet<ConsoleTicket> ConsoleTickets => db.Set<ConsoleTicket>();
    }
}
