using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OpenEcs.Core.Storage;

namespace OpenEcs.Core.Metrics;

public sealed class MetricSample
{
    public long Id { get; set; }
    public long ServerId { get; set; }
    public DateTimeOffset At { get; set; }
    public double Cpu { get; set; }
    public double DiskReads { get; set; }
    public double DiskWrites { get; set; }
    public double NetReceived { get; set; }
    public double NetTransmitted { get; set; }
}

internal sealed class MetricSampleConfiguration : IEntityTypeConfiguration<MetricSample>
{
    public void Configure(EntityTypeBuilder<MetricSample> e)
    {
        e.ToTable("MetricSamples");
        e.HasIndex(m => new { m.ServerId, m.At }).IsUnique();
    }
}

public static class MetricSampleStore
{
    extension(EcsDbContext db)
    {
        public DbSet<MetricSample> MetricSamples => db.Set<MetricSample>();
    }
}
