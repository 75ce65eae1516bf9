using OpenEcs.Core.Hypervisors;

namespace OpenEcs.Hypervisors.Simulated;

/// <summary>Plausible, deterministic load for a server: a daily wave around a per-server base, plus stable noise.</summary>
public static class SyntheticMetrics
{
    public static VmSample At(string name, DateTimeOffset at)
    {
        var t = at.ToUnixTimeSeconds();
        var day = Math.Sin(2 * Math.PI * (t % 86400) / 86400.0 + Stable.Unit(name, "phase") * Math.PI);
        double Noise(string salt) => Stable.Unit(name, salt + t);
        var cpu = Math.Clamp(3 + 25 * Stable.Unit(name, "cpu") + 10 * day + 5 * Noise("c"), 0.1, 100);
        var io = 0.2 + 2 * Stable.Unit(name, "io");
        var net = 50 + 400 * Stable.Unit(name, "net");
        return new VmSample(
            Cpu: Math.Round(cpu, 4),
            DiskReads: Math.Round(io * (0.5 + Noise("r")) * (1 + day / 2), 4),
            DiskWrites: Math.Round(io * (0.8 + Noise("w")) * (1 + day / 2), 4),
            NetReceived: Math.Round(net * (0.7 + Noise("rx")) * (1 + day / 3), 4),
            NetTransmitted: Math.Round(net * 1.4 * (0.7 + Noise("tx")) * (1 + day / 3), 4));
    }
}

/// <summary>Stable pseudo-random numbers from strings (string.GetHashCode is randomized per process).</summary>
internal static class Stable
{
    public static double Unit(string name, string salt)
    {
        ulong h = 14695981039346656037;
        foreach (var c in name + "|" + salt)
        {
            h ^= c;
            h *= 1099511628211;
        }
        h ^= h >> 33;
        return (h % 1_000_000) / 1_000_000.0;
    }
}
