namespace OpenEcs.Server.Hosts;

/// <summary>The control plane's side of the hosts: the agent channel (gRPC-Web) and the admin endpoints.</summary>
public static class HostsModule
{
    public static IServiceCollection AddAgentChannel(this IServiceCollection services)
    {
        services.AddGrpc();
        services.AddSingleton<AgentConnections>();
        services.AddSingleton<AgentHypervisor>();
        return services;
    }

    /// <summary>Only a control plane (Kind=agents) listens for agents; the credential check is the channel's own.</summary>
    public static IEndpointRouteBuilder MapAgentChannel(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<AgentChannelService>().EnableGrpcWeb().AllowAnonymous().DisableRateLimiting();
        app.MapHostsEndpoints();
        return app;
    }
}
