using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.AuditLogs;

/// <summary>
/// One row of the account's audit trail (GET /logs): who did what, from where, and how it ended. Never a secret: no
/// body, no query string, no header but the user agent.
/// </summary>
public sealed class AuditLog : ITenantOwned
{
    public long Id { get; set; }
    public long AccountId { get; set; }
    /// <summary>The login that acted: the account's username, or a group's name for a group login.</summary>
    public required string Actor { get; set; }
    public required string Action { get; set; }
    /// <summary>info, warning (refused) or error.</summary>
    public required string Severity { get; set; }
    /// <summary>success or failure.</summary>
    public required string Status { get; set; }
    public string? TargetType { get; set; }
    public string? Target { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public string? Url { get; set; }
    /// <summary>The HTTP status the call was answered with.</summary>
    public int? Result { get; set; }
    public string? Description { get; set; }
}

public static class AuditSeverity
{
    public const string Info = "info";
    public const string Warning = "warning";
    public const string Error = "error";
}

internal sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> e)
    {
        e.ToTable("AuditLogs");
        e.Property(l => l.Actor).HasMaxLength(64);
        e.Property(l => l.Action).HasMaxLength(128);
        e.Property(l => l.Severity).HasMaxLength(16);
        e.Property(l => l.Status).HasMaxLength(16);
        e.Property(l => l.TargetType).HasMaxLength(32);
        e.Property(l => l.Target).HasMaxLength(128);
        e.Property(l => l.IpAddress).HasMaxLength(64);
        e.Property(l => l.UserAgent).HasMaxLength(AuditEntry.MaxUserAgent);
        e.Property(l => l.Url).HasMaxLength(AuditEntry.MaxUrl);
        e.Property(l => l.Description).HasMaxLength(256);
        e.HasIndex(l => new { l.AccountId, l.Id });
        e.HasIndex(l => l.CreatedAt);
    }
}

public static class AuditLogStore
{
    extension(EcsDbContext db)
    {
        public DbSet<AuditLog> AuditLogs => db.Set<AuditLog>();
    }
}
