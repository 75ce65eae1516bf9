using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Emulator;

namespace OpenEcs.Core.Accounts;

[KeptOnEmulatorReset]
public sealed class Account
{
    public long Id { get; set; }
    public required string Username { get; set; }
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    public bool IsAdmin { get; set; }
    /// <summary>Bumped by a password change; login tokens carry the version they were issued at, so older ones end.</summary>
    public int CredentialVersion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>May buy reserved periods (GET /account's reserved_available).</summary>
    public bool ReservedAvailable { get; set; } = true;
    /// <summary>Servers' SHUTOFF hours bill at the catalog's offline discount (offline_available).</summary>
    public bool OfflineAvailable { get; set; }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> e)
    {
        e.ToTable("Accounts");
        e.HasIndex(a => a.Username).IsUnique();
        e.Property(a => a.Username).HasMaxLength(64);
    }
}

public static class AccountStore
{
    extension(EcsDbContext db)
    {
        public DbSet<Account> Accounts => db.Set<Account>();
    }
}
