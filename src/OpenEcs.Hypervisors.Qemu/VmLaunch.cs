using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenEcs.Hypervisors.Qemu;

/// <summary>What a VM is started with, kept in its folder (<c>launch.json</c>) so power_on and adoption need no store.</summary>
public sealed record VmLaunch(string Image, int Cpu, int RamMb, int SshPort, string? Tap)
{
    public static string PathOf(VmFolder vm) => Path.Combine(vm.Path, "launch.json");

    public static VmLaunch? Read(VmFolder vm) =>
        File.Exists(PathOf(vm)) ? JsonSerializer.Deserialize(File.ReadAllText(PathOf(vm)), LaunchJson.Default.VmLaunch) : null;

    public void Write(VmFolder vm) => File.WriteAllText(PathOf(vm), JsonSerializer.Serialize(this, LaunchJson.Default.VmLaunch));

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
internal sealed partial class LaunchJson : JsonSerializerContext;
