using System.Security.Cryptography;
using System.Text;

namespace OpenEcs.Core.Security;

/// <summary>
/// SHA-512 crypt (<c>$6$</c>, Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512"): the hash glibc's and
/// libxcrypt's crypt(3), shadow files, cloud-init's <c>passwd</c> and dropbear all read. A server's password is stored
/// and handed to its guest only in this form. Written here because no maintained .NET package offers it; the unit
/// tests hold it to the specification's test vectors.
/// </summary>
public static class ShaCrypt
{
    public const string Prefix = "$6$";
    /// <summary>Ten times glibc's default: a login in the guest costs a few milliseconds, a guess from a stolen hash more.</summary>
    public const int DefaultRounds = 50_000;
    private const int DefaultSpecRounds = 5000;
    private const string Alphabet = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>A new hash of <paramref name="password"/> with a random 16-character salt.</summary>
    public static string Hash(string password, int rounds = DefaultRounds)
    {
        var salt = new string(RandomNumberGenerator.GetItems<char>(Alphabet, 16));
        return Hash(password, salt, rounds);
    }

    /// <summary>
    /// The hash of <paramref name="password"/> with a given salt (at most 16 characters are used); the rounds are
    /// written out unless they are the specification's default of 5000 and <paramref name="writeRounds"/> is false.
    /// </summary>
    public static string Hash(string password, string salt, int rounds, bool writeRounds = false)
    {
        rounds = Math.Clamp(rounds, 1000, 999_999_999);
        var s = Encoding.UTF8.GetBytes(salt.Length > 16 ? salt[..16] : salt);
        var digest = Compute(Encoding.UTF8.GetBytes(password), s, rounds);
        var head = rounds == DefaultSpecRounds && !writeRounds ? Prefix : $"{Prefix}rounds={rounds}$";
        return $"{head}{Encoding.UTF8.GetString(s)}${Encode(digest)}";
    }

    /// <summary>True when <paramref name="password"/> hashes to <paramref name="hash"/> (a <c>$6$</c> string).</summary>
    public static bool Verify(string password, string hash)
    {
        if (!hash.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = hash[Prefix.Length..];
        var rounds = DefaultSpecRounds;
        var written = rest.StartsWith("rounds=", StringComparison.Ordinal);
        if (written)
        {
            var end = rest.IndexOf('$');
            if (end < 0 || !int.TryParse(rest["rounds=".Length..end], out rounds)) return false;
            rest = rest[(end + 1)..];
        }
        var dollar = rest.IndexOf('$');
        if (dollar < 0) return false;
        var expected = Encoding.ASCII.GetBytes(hash);
        var actual = Encoding.ASCII.GetBytes(Hash(password, rest[..dollar], rounds, written));
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    private static byte[] Compute(byte[] p, byte[] s, int rounds)
    {
        // Digest B: password, salt, password.
        var b = SHA512.HashData([.. p, .. s, .. p]);
        // Digest A: password, salt, B repeated over the password's length, then B or the password per bit of that length.
        using var a = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        a.AppendData(p);
        a.AppendData(s);
        int n;
        for (n = p.Length; n > 64; n -= 64) a.AppendData(b);
        a.AppendData(b, 0, n);
        for (n = p.Length; n > 0; n >>= 1) a.AppendData((n & 1) != 0 ? b : p);
        var result = a.GetHashAndReset();
        // P and S sequences: digests of the password repeated |P| times and of the salt repeated 16 + A[0] times.
        for (var i = 0; i < p.Length; i++) a.AppendData(p);
        var pSeq = Repeat(a.GetHashAndReset(), p.Length);
        for (var i = 0; i < 16 + result[0]; i++) a.AppendData(s);
        var sSeq = Repeat(a.GetHashAndReset(), s.Length);
        for (var round = 0; round < rounds; round++)
        {
            if ((round & 1) != 0) a.AppendData(pSeq); else a.AppendData(result);
            if (round % 3 != 0) a.AppendData(sSeq);
            if (round % 7 != 0) a.AppendData(pSeq);
            if ((round & 1) != 0) a.AppendData(result); else a.AppendData(pSeq);
            result = a.GetHashAndReset();
        }
        return result;
    }

    private static byte[] Repeat(byte[] digest, int length)
    {
        var output = new byte[length];
        for (var i = 0; i < length; i++) output[i] = digest[i % digest.Length];
        return output;
    }

    /// <summary>crypt's base-64: 21 groups of three bytes in the specification's order, then the last byte.</summary>
    private static string Encode(byte[] d)
    {
        var text = new StringBuilder(86);
        void Group(int b2, int b1, int b0, int chars)
        {
            var w = (b2 << 16) | (b1 << 8) | b0;
            for (var i = 0; i < chars; i++, w >>= 6) text.Append(Alphabet[w & 0x3f]);
        }
        for (var k = 0; k < 21; k++)
        {
            var first = k * 22 % 63;
            Group(d[first], d[(first + 21) % 63], d[(first + 42) % 63], 4);
        }
        Group(0, 0, d[63], 2);
        return text.ToString();
    }
}
