using OpenEcs.Client;
using OpenEcs.Client.Models;

namespace OpenEcs.Panel.Pages.Servers;

/// <summary>A server as the panel shows it: the API's object and its observed power state (null when not asked or unknown).</summary>
public sealed record ServerView(Server Server, string? Power)
{
    public string Name => Server.Name;

    /// <summary>The badge class of a lifecycle status or power state.</summary>
    public static string Badge(string? word) => word switch
    {
        ServerStatus.Booted or PowerState.Running => "badge good",
        ServerStatus.Booting or ServerStatus.Customizing => "badge busy",
        ServerStatus.Deleting or ServerStatus.Deleted => "badge bad",
        PowerState.Shutoff => "badge off",
        _ => "badge",
    };

    /// <summary>What the live scripts need of a server.</summary>
    public object Live() => new
    {
        name = Server.Name, status = Server.Status, power = Power, progress = Server.Progress, ipv4 = Server.Ipv4, notes = Server.Notes,
    };

    /// <summary>The observed power state of the servers that have one (Booted), asked a few at a time.</summary>
    public static async Task<IReadOnlyList<ServerView>> WithPowerAsync(EcsClient ecs, IEnumerable<Server> servers, CancellationToken ct)
    {
        using var gate = new SemaphoreSlim(8);
        return await Task.WhenAll(servers.Select(async s =>
        {
            if (s.Status != ServerStatus.Booted) return new ServerView(s, null);
            await gate.WaitAsync(ct);
            try
            {
                return new ServerView(s, (await ecs.Servers.GetStatusAsync(s.Name, ct)).CurrentStatus);
            }
            catch (EcsNotFoundException)
            {
                return new ServerView(s, null); // deleted meanwhile
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
