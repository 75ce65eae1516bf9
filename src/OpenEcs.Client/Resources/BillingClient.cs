using System.Globalization;
using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>What a month cost (<c>/billing</c>): servers, templates and snapshots, as rows or as the CSV export.</summary>
public sealed class BillingClient
{
    private readonly EcsClient _client;

    internal BillingClient(EcsClient client) => _client = client;

    /// <summary>The account's servers in a month (<c>GET /billing/servers/{year}/{month}</c>); the current month runs to now.</summary>
    public async Task<IReadOnlyList<ServerConsumption>> ServersAsync(int year, int month, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, Path("servers", year, month), EcsJsonContext.Wire.IReadOnlyListServerConsumption, ct: cancellationToken);

    /// <summary>The account's templates in a month (<c>GET /billing/templates/{year}/{month}</c>).</summary>
    public async Task<IReadOnlyList<TemplateConsumption>> TemplatesAsync(int year, int month, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, Path("templates", year, month), EcsJsonContext.Wire.IReadOnlyListTemplateConsumption, ct: cancellationToken);

    /// <summary>The account's snapshots in a month (<c>GET /billing/snapshots/{year}/{month}</c>).</summary>
    public async Task<SnapshotConsumptionPage> SnapshotsAsync(int year, int month, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, Path("snapshots", year, month), EcsJsonContext.Wire.SnapshotConsumptionPage, ct: cancellationToken);

    /// <summary>The same rows as CSV text (<c>?type=csv</c>); <paramref name="resource"/> is servers, templates or snapshots.</summary>
    public async Task<string> CsvAsync(string resource, int year, int month, CancellationToken cancellationToken = default)
    {
        if (resource is not ("servers" or "templates" or "snapshots"))
            throw new ArgumentException("resource must be servers, templates or snapshots", nameof(resource));
        return await _client.SendForTextAsync(Path(resource, year, month) + "?type=csv", cancellationToken);
    }

    private static string Path(string resource, int year, int month)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(month, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(month, 12);
        return string.Create(CultureInfo.InvariantCulture, $"billing/{resource}/{year}/{month}");
    }
}
