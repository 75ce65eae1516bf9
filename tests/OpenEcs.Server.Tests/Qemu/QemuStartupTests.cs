using Microsoft.Extensions.Options;
using OpenEcs.Server.Tests.Infrastructure;

namespace OpenEcs.Server.Tests.Qemu;

/// <summary>Start-up checks of the QEMU hypervisor: what is missing, and how to fix it, in a sentence naming the key.</summary>
public sealed class QemuStartupTests
{
    [Fact]
    public async Task Missing_qemu_or_images_folder_stops_start_up_with_the_fix()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => EcsServer.StartAsync(settings:
        [
            "OpenEcs:Hypervisor:Kind=qemu", "OpenEcs:Qemu:Binary=/nonexistent/qemu-system-x86_64",
            "OpenEcs:Qemu:ImagesDir=/nonexistent/images",
        ]));
        Assert.Contains("OpenEcs:Qemu:Binary '/nonexistent/qemu-system-x86_64' was not found: install QEMU", e.Message);
        Assert.Contains("OpenEcs:Qemu:ImagesDir '/nonexistent/images' cannot be read", e.Message);
        Assert.Contains("scripts/build-test-image.sh", e.Message);
    }

    [Fact]
    public async Task An_unknown_hypervisor_kind_names_the_kinds_there_are()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => EcsServer.StartAsync(settings: ["OpenEcs:Hypervisor:Kind=xen"]));
        Assert.Contains("OpenEcs:Hypervisor:Kind 'xen' is not available: use 'simulated', 'qemu' or 'agents'", e.Message);
    }
}
