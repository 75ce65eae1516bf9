using Microsoft.Extensions.Options;
using OpenEcs.Client;
using OpenEcs.Client.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="EcsClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class EcsClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="EcsClient"/> as a typed HTTP client: connections pooled by the factory, retries on 429/503 for
    /// idempotent calls, settings from <paramref name="configure"/> and from any <c>Configure&lt;EcsClientOptions&gt;</c>
    /// (e.g. bound from configuration). Returns the builder, to add handlers of your own.
    /// </summary>
    /// <example>
    /// <code>
    /// services.AddEcsClient(o => { o.BaseUrl = new Uri("http://127.0.0.1:8080/ecs/v2"); o.ApiToken = token; });
    /// // later: public MyService(EcsClient ecs) { ... }
    /// </code>
    /// </example>
    public static IHttpClientBuilder AddEcsClient(this IServiceCollection services, Action<EcsClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EcsClientOptions>();
        if (configure is not null) options.Configure(configure);
        return services.AddHttpClient<EcsClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<EcsClientOptions>>().Value.RequestTimeout)
            .AddHttpMessageHandler(sp => new EcsRetryHandler(sp.GetRequiredService<IOptions<EcsClientOptions>>().Value));
    }
}
