using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Storage;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Security;

/// <summary>
/// Who a credential stands for, remembered for a few seconds (OpenEcs:Auth:CacheSeconds) so that a request does not
/// pay a store round trip to authenticate (bench/: a third of a GET). Revoking a token or deleting a group evicts at
/// once on this replica; other replicas see it within the cache time. Only successes are cached.
/// </summary>
public sealed class CredentialCache(IOptions<OpenEcsOptions> options)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeProvider Wall = TimeProvider.System;
    private readonly ConcurrentDictionary<string, (Tenant Tenant, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    private TimeSpan Lifetime => options.Value.Auth.CacheSeconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(options.Value.Auth.CacheSeconds);

    public static string ApiTokenKey(string tokenHash) => "t:" + tokenHash;
    public static string SubjectKey(long accountId, long? groupId) => $"s:{accountId}:{groupId}";

    public async Task<Tenant?> GetOrLoadAsync(string key, Func<Task<Tenant?>> load)
    {
        var now = Wall.GetUtcNow();
        if (_entries.TryGetValue(key, out var hit) && hit.Until > now) return hit.Tenant;
        var tenant = await load();
        if (tenant is not null && Lifetime > TimeSpan.Zero)
        {
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[key] = (tenant, now + Lifetime);
        }
        else _entries.TryRemove(key, out _);
        return tenant;
    }

    public void Evict(string key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    /// <summary>Forgets every subview login of a group (its tokens must stop working now).</summary>
    public void EvictGroup(long accountId, long groupId) => Evict(SubjectKey(accountId, groupId));
}
