using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenEcs.Core.Tenancy;

namespace OpenEcs.Core.Security;

/// <summary>Who a credential stands for, and the credential version it was checked against (0 for API tokens).</summary>
public sealed record Credential(Tenant Tenant, int Version);

/// <summary>
/// Who a credential stands for, remembered for a few seconds (OpenEcs:Auth:CacheSeconds) so that a request does not
/// pay a store round trip to authenticate (bench/: a third of a GET). Revoking a token, deleting a group or changing a
/// password evicts at once on this replica; other replicas see it within the cache time. Only successes are cached.
/// </summary>
public sealed class CredentialCache(IOptions<OpenEcsOptions> options)
{
    private const int MaxEntries = 10_000;
    private static readonly TimeProvider Wall = TimeProvider.System;
    private readonly ConcurrentDictionary<string, (Credential Credential, DateTimeOffset Until)> _entries = new(StringComparer.Ordinal);

    private TimeSpan Lifetime => options.Value.Auth.CacheSeconds <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(options.Value.Auth.CacheSeconds);

    public static string ApiTokenKey(string tokenHash) => "t:" + tokenHash;
    public static string AccountKey(long accountId) => $"a:{accountId}";
    public static string GroupKey(long groupId) => $"g:{groupId}";

    /// <param name="atLeastVersion">A token newer than the remembered version (a login since a password change made on
    /// another replica) means the entry is stale: it is loaded again.</param>
    public async Task<Credential?> GetOrLoadAsync(string key, Func<Task<Credential?>> load, int atLeastVersion = 0)
    {
        var now = Wall.GetUtcNow();
        if (_entries.TryGetValue(key, out var hit) && hit.Until > now && hit.Credential.Version >= atLeastVersion) return hit.Credential;
        var credential = await load();
        if (credential is not null && Lifetime > TimeSpan.Zero)
        {
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[key] = (credential, now + Lifetime);
        }
        else _entries.TryRemove(key, out _);
        return credential;
    }

    public void Evict(string key) => _entries.TryRemove(key, out _);

    public void Clear() => _entries.Clear();

    /// <summary>Forgets every subview login of a group (its tokens must stop working now).</summary>
    public void EvictGroup(long groupId) => Evict(GroupKey(groupId));

    /// <summary>Forgets everything that stands for the account: its logins, its groups' logins and its API tokens.</summary>
    public void EvictAccount(long accountId)
    {
        foreach (var (key, entry) in _entries)
            if (entry.Credential.Tenant.AccountId == accountId) _entries.TryRemove(key, out _);
    }
}
