using OpenEcs.Client.Models;
using OpenEcs.Client.Serialization;

namespace OpenEcs.Client.Resources;

/// <summary>
/// OpenECS's emulator controls (<c>/_openecs</c>, beside <c>/ecs/v2</c>), for tests and CI: health, reset, the
/// manual clock, fault injection, accounts, memory. All but health need the admin's credentials; none exist on the real service.
/// </summary>
public sealed class EmulatorClient
{
    // Relative to .../ecs/v2/: two levels up is the server's root.
    private const string Root = "../../_openecs/";
    private readonly EcsClient _client;

    internal EmulatorClient(EcsClient client) => _client = client;

    /// <summary>Speed, store, running actions and the clock (<c>GET /_openecs/health</c>, no credentials needed).</summary>
    public async Task<EmulatorHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, Root + "health", EcsJsonContext.Wire.EmulatorHealth, call: Call.Anonymous, ct: cancellationToken);

    /// <summary>Forgets every server, action, template, group and SSH key; accounts and tokens stay (<c>POST /_openecs/reset</c>).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Post, Root + "reset", EcsJsonContext.Wire.StatusEnvelope, ct: cancellationToken);

    /// <summary>The server's clock (<c>GET /_openecs/clock</c>).</summary>
    public async Task<EmulatorClock> GetClockAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Get, Root + "clock", EcsJsonContext.Wire.EmulatorClock, ct: cancellationToken);

    /// <summary>Moves the clock forward (manual speed only): pending actions progress as if the time had passed.</summary>
    public async Task<EmulatorClock> AdvanceClockAsync(TimeSpan by, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Post, Root + "clock", EcsJsonContext.Wire.EmulatorClock,
            Body.Of(new ClockBody(by.TotalSeconds, null), EcsJsonContext.Wire.ClockBody), ct: cancellationToken);

    /// <summary>Sets the clock to a later time (manual speed only).</summary>
    public async Task<EmulatorClock> SetClockAsync(DateTimeOffset to, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Post, Root + "clock", EcsJsonContext.Wire.EmulatorClock,
            Body.Of(new ClockBody(null, to), EcsJsonContext.Wire.ClockBody), ct: cancellationToken);

    /// <summary>The armed fault rules (<c>GET /_openecs/faults</c>).</summary>
    public async Task<IReadOnlyList<FaultRule>> ListFaultsAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, Root + "faults", EcsJsonContext.Wire.FaultListEnvelope, ct: cancellationToken)).Faults ?? [];

    /// <summary>Arms a fault: the next <see cref="FaultRule.Count"/> actions of a type fail, or each with a probability.</summary>
    public async Task<IReadOnlyList<FaultRule>> AddFaultAsync(FaultRule rule, CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Post, Root + "faults", EcsJsonContext.Wire.FaultListEnvelope,
            Body.Of(rule, EcsJsonContext.Wire.FaultRule), ct: cancellationToken)).Faults ?? [];

    /// <summary>Disarms every fault (<c>DELETE /_openecs/faults</c>).</summary>
    public async Task ClearFaultsAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Delete, Root + "faults", EcsJsonContext.Wire.StatusEnvelope, ct: cancellationToken);

    /// <summary>Runs a full garbage collection in the server, then reports its memory (<c>POST /_openecs/memory</c>).</summary>
    public async Task<EmulatorMemory> CollectMemoryAsync(CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Post, Root + "memory", EcsJsonContext.Wire.EmulatorMemory, ct: cancellationToken);

    /// <summary>Every account, oldest first (<c>GET /_openecs/accounts</c>).</summary>
    public async Task<IReadOnlyList<EmulatorAccount>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        (await _client.SendAsync(HttpMethod.Get, Root + "accounts", EcsJsonContext.Wire.AccountListEnvelope, ct: cancellationToken)).Accounts ?? [];

    /// <summary>Creates another account (<c>POST /_openecs/accounts</c>).</summary>
    public async Task<CreatedAccount> CreateAccountAsync(string username, string password, string email, CancellationToken cancellationToken = default) =>
        await _client.SendAsync(HttpMethod.Post, Root + "accounts", EcsJsonContext.Wire.CreatedAccount,
            Body.Of(new CreateAccountBody(username, password, email), EcsJsonContext.Wire.CreateAccountBody), ct: cancellationToken);
}
