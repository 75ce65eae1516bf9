using System.Text.Json.Serialization;
using OpenEcs.Core.Isolations;
using OpenEcs.Server.Contracts;

namespace OpenEcs.Server.Isolations;

public sealed record IsolationDto(string Name, string Notes);
public sealed record IsolationListResponse(IReadOnlyList<IsolationDto> Isolations, string Status = "ok");

public static class IsolationEndpoints
{
    public static IEndpointRouteBuilder MapIsolationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/servers/{name}/isolations", ListAsync).WithTags("Servers")
            .WithSummary("The live servers this one is kept on different hosts from (isolate_from, either way round)");
        return api;
    }

    private static async Task<WireResult<IsolationListResponse>> ListAsync(string name, IsolationService isolations, CancellationToken ct)
    {
        var peers = await isolations.ListAsync(name, ct);
        return Wire.Ok(new IsolationListResponse(peers.Select(s => new IsolationDto(s.Name, s.Notes)).ToList()),
            IsolationsJson.Wire.IsolationListResponse);
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, AllowDuplicateProperties = false, MaxDepth = 32)]
[JsonSerializable(typeof(IsolationListResponse))]
public sealed partial class IsolationsJson : JsonSerializerContext, IWireContext<IsolationsJson>
{
    public static IsolationsJson Wire { get; } = new(WireJson.CreateOptions());
}
