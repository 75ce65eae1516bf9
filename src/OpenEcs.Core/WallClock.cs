namespace OpenEcs.Core;

/// <summary>
/// The machine's own clock, for what must not follow a manual simulation clock: leases between replicas, waits on
/// real processes (QEMU), credential caching. The injected <see cref="TimeProvider"/> is the domain's clock
/// (timestamps, simulated durations, deadlines), which tests and the manual speed move by hand.
/// </summary>
public sealed class WallClock : TimeProvider;
