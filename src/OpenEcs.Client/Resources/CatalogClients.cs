using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>Plans (<c>/plans</c>).</summary>
public sealed class PlansClient
{
    private readonly EcsClient _client;

    internal PlansClient(EcsClient client) => _client = client;

    /// <summary>Every plan with its sizes, prices and regions (<c>GET /plans</c>).</summary>
    public async Task<IReadOnlyList<Plan>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "plans", EcsJsonContext.Wire.PlanListEnvelope, ct: cancellationToken)).Plans ?? [];

    /// <summary>Every plan with the images it runs and, per region, the hosts and the account's servers (<c>GET /plans/availables</c>).</summary>
    public async Task<IReadOnlyList<PlanAvailability>> ListAvailabilityAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "plans/availables", EcsJsonContext.Wire.PlanAvailabilityEnvelope, ct: cancellationToken)).Plans ?? [];
}

/// <summary>Regions (<c>/regions</c>).</summary>
public sealed class RegionsClient
{
    private readonly EcsClient _client;

    internal RegionsClient(EcsClient client) => _client = client;

    /// <summary>Every region (<c>GET /regions</c>).</summary>
    public async Task<IReadOnlyList<Region>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, "regions", EcsJsonContext.Wire.RegionListEnvelope, ct: cancellationToken)).Regions ?? [];

    /// <summary>The region codes where <paramref name="plan"/> can be created (<c>POST /regions/availables</c>).</summary>
    public async Task<IReadOnlyList<string>> ListAvailableAsync(string plan, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(plan);
        // A read, though sent with POST: safe to repeat. The API nests the list in a list.
        var answer = await _client.SendAsync(HttpMethod.Post, "regions/availables", EcsJsonContext.Wire.NestedRegionListEnvelope,
            Body.Of(new PlanBody(plan), EcsJsonContext.Wire.PlanBody), Call.SafeToRepeat, cancellationToken);
        return (answer.Regions ?? []).SelectMany(r => r).ToList();
    }
}

/// <summary>Operating-system images (<c>/images</c>).</summary>
public sealed class ImagesClient
{
    private readonly EcsClient _client;

    internal ImagesClient(EcsClient client) => _client = client;

    /// <summary>The basic images (<c>GET /images/basics</c>).</summary>
    public Task<IReadOnlyList<Image>> ListBasicAsync(CancellationToken cancellationToken = default) => ListAsync("images/basics", cancellationToken);

    /// <summary>The cloud images (<c>GET /images/cloud-images</c>).</summary>
    public Task<IReadOnlyList<Image>> ListCloudAsync(CancellationToken cancellationToken = default) => ListAsync("images/cloud-images", cancellationToken);

    private async Task<IReadOnlyList<Image>> ListAsync(string path, CancellationToken ct) =>
        (await _client.SendAsync(HttpMethod.Get, path, EcsJsonContext.Wire.ImageListEnvelope, ct: ct)).Images ?? [];
}
