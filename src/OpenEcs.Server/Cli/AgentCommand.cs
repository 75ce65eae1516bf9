using System.CommandLine;
using Microsoft.Extensions.Options;
using OpenEcs.Core;
using OpenEcs.Core.Hypervisors;
using OpenEcs.Core.Storage;
using OpenEcs.Hypervisors.Qemu;
using OpenEcs.Hypervisors.Simulated;
using OpenEcs.Server.Hosting;
using OpenEcs.Server.Hosts.Agent;

namespace OpenEcs.Server.Cli;

/// <summary>
/// `openecs agent --OpenEcs:Agent:ControlPlane=http://cp:8080 ...`: this machine as a hypervisor host of a control
/// plane. It needs no store or admin settings and opens no listener: it only dials the control plane.
/// </summary>
public static class AgentCommand
{
    public static Command Build()
    {
        var agent = new Command("agent", "Run VMs on this host for a control plane (OpenEcs:Agent:ControlPlane, HostName, Region, JoinToken, Capacity:*)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        agent.SetAction((parse, _) => RunAsync([.. parse.UnmatchedTokens]));
        return agent;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        IHost? host = null;
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.AddOpenEcsLogging();
            builder.Services.AddSystemd();
            Add(builder.Services, builder.Configuration);
            host = builder.Build();
            await host.StartAsync();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("openecs agent: " + StartupFailure.Describe(e, host?.Services));
            host?.Dispose();
            return 1;
        }
        await host.WaitForShutdownAsync();
        var code = host.Services.GetRequiredService<AgentExit>().Code;
        host.Dispose();
        return code;
    }

    private static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OpenEcsOptions>().Bind(configuration.GetSection(OpenEcsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenEcsOptions>, OpenEcsOptionsValidator>();
        services.AddSingleton<IValidateOptions<OpenEcsOptions>, AgentOptionsValidator>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<WallClock>();
        services.AddSingleton<Core.Catalog.PlanCatalog>();
        services.AddSingleton<SimulatedHypervisor>();
        services.AddOptions<QemuOptions>().Bind(configuration.GetSection(QemuOptions.Section)).ValidateOnStart();
        services.AddQemuHypervisor();
        services.AddSingleton<IHypervisor>(sp => sp.GetRequiredService<IOptions<OpenEcsOptions>>().Value.Hypervisor.IsQemu
            ? sp.GetRequiredService<QemuHypervisor>()
            : sp.GetRequiredService<SimulatedHypervisor>());
        services.AddSingleton<AgentExit>();
        // The data folder is prepared (0700, files 0600) and held before anything is written to it.
        services.AddHostedService<AgentDataFolder>();
        services.AddHostedService<AgentWorker>();
    }
}

/// <summary>The agent's data folder: created owner-only and locked for this process, like the server's.</summary>
internal sealed class AgentDataFolder(IOptions<OpenEcsOptions> options) : IHostedService, IDisposable
{
    private IDisposable? _lock;

    public Task StartAsync(CancellationToken ct)
    {
        _lock = DataFolder.Lock(DataFolder.Prepare(options.Value.FullDataDir));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();
}
