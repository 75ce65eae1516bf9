using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Catalog;

namespace OpenEcs.Hypervisors.Qemu;

public static class QemuServiceCollectionExtensions
{
    /// <summary>The QEMU driver's services; whether it is the hypervisor in use is decided by OpenEcs:Hypervisor:Kind.</summary>
    /// <remarks>The host binds <see cref="QemuOptions"/> from its configuration (section <see cref="QemuOptions.Section"/>).</remarks>
    public static IServiceCollection AddQemuHypervisor(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<QemuOptions>, QemuOptionsValidator>();
        services.AddSingleton<QemuImages>();
        services.AddSingleton<IImageSource>(sp => sp.GetRequiredService<QemuImages>());
        services.AddSingleton<Acceleration>();
        services.AddSingleton<QemuHypervisor>();
        services.AddHostedService<PrivateNetworkProbe>();
        return services;
    }
}
