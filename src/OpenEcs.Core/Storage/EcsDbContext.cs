using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using OpenEcs.Core.Domain;

namespace OpenEcs.Core.Storage;

/// <summary>
/// The store. Tenancy is enforced here, once: every account-owned set is filtered to <see cref="Tenant"/>.
/// A context without a tenant sees nothing; system work (the action runner, samplers) opts out explicitly
/// with <c>IgnoreQueryFilters()</c>.
/// </summary>
public sealed class EcsDbContext(DbContextOptions<EcsDbContext> options, ITenantAccessor? tenant = null) : DbContext(options)
{
    private long? TenantAccountId => tenant?.Current?.AccountId;
    private long? TenantGroupId => tenant?.Current?.GroupId;

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Server> Servers => Set<Server>();
    public DbSet<EcsAction> Actions => Set<EcsAction>();
    public DbSet<Template> Templates => Set<Template>();
    public DbSet<ServerGroup> Groups => Set<ServerGroup>();
    public DbSet<SshKey> SshKeys => Set<SshKey>();
    public DbSet<MetricSample> MetricSamples => Set<MetricSample>();
    public DbSet<AddressLease> AddressLeases => Set<AddressLease>();
    public DbSet<ConsoleTicket> ConsoleTickets => Set<ConsoleTicket>();
    public DbSet<NameCounter> NameCounters => Set<NameCounter>();
    public DbSet<ClusterLease> ClusterLeases => Set<ClusterLease>();

    public bool IsSqlite => Database.ProviderName == "Microsoft.EntityFrameworkCore.Sqlite";

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite has no native timestamp type: store UTC ticks (full precision) so that ordering and comparisons
        // happen in SQL. Every timestamp of the domain is UTC.
        if (IsSqlite)
            builder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Account>(e =>
        {
            e.HasIndex(a => a.Username).IsUnique();
            e.Property(a => a.Username).HasMaxLength(64);
        });
        b.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.TokenHash).IsUnique();
            e.HasIndex(k => k.AccountId);
            e.HasQueryFilter(k => k.AccountId == TenantAccountId && TenantGroupId == null);
        });
        b.Entity<Server>(e =>
        {
            e.HasIndex(s => s.Name).IsUnique();
            e.HasIndex(s => new { s.AccountId, s.Status });
            e.Property(s => s.Version).IsConcurrencyToken();
            e.HasOne(s => s.Group).WithMany().HasForeignKey(s => s.GroupId).OnDelete(DeleteBehavior.Restrict);
            e.HasQueryFilter(s => s.AccountId == TenantAccountId && (TenantGroupId == null || s.GroupId == TenantGroupId));
        });
        b.Entity<EcsAction>(e =>
        {
            e.ToTable("Actions");
            e.HasIndex(a => new { a.AccountId, a.Id });
            e.HasIndex(a => new { a.AccountId, a.Resource });
            e.HasIndex(a => new { a.Status, a.LeaseUntil });
            e.Property(a => a.LeaseOwner).HasMaxLength(64).IsConcurrencyToken();
            e.HasQueryFilter(a => a.AccountId == TenantAccountId &&
                                  (TenantGroupId == null || Servers.Any(s => s.Name == a.Resource)));
        });
        b.Entity<Template>(e =>
        {
            e.HasIndex(t => t.Name).IsUnique();
            e.HasQueryFilter(t => t.AccountId == TenantAccountId && TenantGroupId == null);
        });
        b.Entity<ServerGroup>(e =>
        {
            e.ToTable("Groups");
            e.HasIndex(g => g.Name).IsUnique();
            e.HasQueryFilter(g => g.AccountId == TenantAccountId && (TenantGroupId == null || g.Id == TenantGroupId));
        });
        b.Entity<SshKey>(e =>
        {
            e.HasIndex(k => new { k.AccountId, k.Label }).IsUnique();
            e.HasQueryFilter(k => k.AccountId == TenantAccountId && TenantGroupId == null);
        });
        b.Entity<MetricSample>(e => e.HasIndex(m => new { m.ServerId, m.At }).IsUnique());
        b.Entity<AddressLease>(e =>
        {
            e.HasKey(a => a.Address);
            e.HasIndex(a => a.ServerId);
        });
        b.Entity<ConsoleTicket>(e => e.HasKey(k => k.KeyHash));
        b.Entity<ClusterLease>(e =>
        {
            e.HasKey(l => l.Name);
            e.HasData(new ClusterLease { Name = ClusterJobs.MetricsSampler, Until = DateTimeOffset.UnixEpoch });
        });
        b.Entity<NameCounter>(e =>
        {
            e.HasKey(c => c.Name);
            e.HasData(
                new NameCounter { Name = Services.NameAllocator.Server, Value = 0 },
                new NameCounter { Name = Services.NameAllocator.Template, Value = 0 },
                new NameCounter { Name = Services.NameAllocator.Group, Value = 0 });
        });
    }
}

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

public static class ClusterJobs
{
    public const string MetricsSampler = "metrics-sampler";
}

/// <summary>Who the current unit of work acts for.</summary>
public sealed record Tenant(long AccountId, string Username, long? GroupId = null, bool IsAdmin = false);

public interface ITenantAccessor
{
    Tenant? Current { get; }
}
