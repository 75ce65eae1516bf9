namespace OpenEcs.Server.Tests.Infrastructure;

/// <summary>Tests that measure time or memory, or load the machine: they run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Serial
{
    public const string Name = "serial";
}
