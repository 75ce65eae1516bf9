using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>
/// What a VM is started with, kept in its folder (<c>launch.json</c>) so power_on and adoption need no store. Bridge
/// mode adds the pool address and the account, which the VM's firewall rules are made of.
/// </summary>
public sealed record VmLaunch(string Image, int Cpu, int RamMb, int SshPort, string? Tap, string? Ipv4 = null, long AccountId = 0)
{
    /// <summary>Its NICs on private networks, after the primary one.</summary>
    public LaunchInterface[] Interfaces { get; init; } = [];

    /// <summary>A stable locally administered MAC (QEMU's 52:54:00 prefix) per server: every NIC on a bridge needs its own.</summary>
    public static string MacOf(string server)
    {
        var h = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(server));
        return $"52:54:00:{h[0]:x2}:{h[1]:x2}:{h[2]:x2}";
    }

    public static string PathOf(VmFolder vm) => Path.Combine(vm.Path, "launch.json");

    public static VmLaunch? Read(VmFolder vm) =>
        File.Exists(PathOf(vm)) ? JsonSerializer.Deserialize(File.ReadAllText(PathOf(vm)), LaunchJson.Default.VmLaunch) : null;

    public void Write(VmFolder vm) => PrivateFiles.Write(PathOf(vm), JsonSerializer.Serialize(this, LaunchJson.Default.VmLaunch));

    /// <summary>A free TCP port on the host for the guest's SSH (user-mode networking).</summary>
    public static int FreePort(string hostAddress)
    {
        using var listener = new TcpListener(IPAddress.Parse(hostAddress), 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(VmLaunch))]
[JsonSerializable(typeof(LaunchInterface))]
internal sealed partial class LaunchJson : JsonSerializerContext;
