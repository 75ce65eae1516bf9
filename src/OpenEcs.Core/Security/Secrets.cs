using System.Security.Cryptography;
using System.Text;

namespace OpenEcs.Core.Security;

/// <summary>Passwords: PBKDF2-SHA256 with a per-hash salt and iteration count (stored in the hash string).</summary>
public static class PasswordHash
{
    private const string Scheme = "pbkdf2-sha256";

    public static string Create(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, 32);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations)) return false;
        var salt = Convert.FromBase64String(parts[2]);
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Burns the same time as a real check so that unknown usernames cannot be told apart by timing.</summary>
    public static void VerifyNothing(string password, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(password, new byte[16], iterations, HashAlgorithmName.SHA256, 32);
}

/// <summary>High-entropy secrets (API tokens, console keys): a fast hash is enough and allows lookup by hash.</summary>
public static class SecretToken
{
    /// <summary>96 hex characters, the length of the real service's API tokens.</summary>
    public static string NewApiToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(48));

    public static string Hash(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');
}
