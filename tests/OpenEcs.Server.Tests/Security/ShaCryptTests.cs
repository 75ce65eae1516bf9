using System.Diagnostics;
using OpenEcs.Core.Security;

namespace OpenEcs.Server.Tests.Security;

/// <summary>SHA-512 crypt against its specification's test vectors and against the host's own crypt(3).</summary>
public sealed class ShaCryptTests
{
    [Theory]
    [InlineData("Hello world!", "saltstring", 5000, false, "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1")]
    [InlineData("Hello world!", "saltstringsaltstring", 10000, true, "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.")]
    [InlineData("This is just a test", "toolongsaltstring", 5000, true, "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0")]
    public void Matches_the_specification(string password, string salt, int rounds, bool writeRounds, string expected)
    {
        Assert.Equal(expected, ShaCrypt.Hash(password, salt, rounds, writeRounds));
        Assert.True(ShaCrypt.Verify(password, expected));
        Assert.False(ShaCrypt.Verify(password + "x", expected));
    }

    [Fact]
    public void New_hashes_have_a_random_salt_and_verify()
    {
        var a = ShaCrypt.Hash("correct horse");
        var b = ShaCrypt.Hash("correct horse");
        Assert.NotEqual(a, b);
        Assert.StartsWith($"$6$rounds={ShaCrypt.DefaultRounds}$", a);
        Assert.Matches(@"^\$6\$rounds=\d+\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$", a);
        Assert.True(ShaCrypt.Verify("correct horse", a));
        Assert.False(ShaCrypt.Verify("correct horsE", a));
        Assert.False(ShaCrypt.Verify("correct horse", "$1$not-sha512"));
    }

    /// <summary>What the guest does with the hash: glibc/libxcrypt's crypt(3), here through perl (Debian's perl-base is essential), must agree.</summary>
    [Theory]
    [InlineData("s3cret-pw")]
    [InlineData("a password with spaces, ünïcödé and a very long tail that passes sixty-four bytes of length easily")]
    [InlineData("x")]
    public void The_hosts_crypt_agrees(string password)
    {
        var hash = ShaCrypt.Hash(password, rounds: 5000 + password.Length);
        var info = new ProcessStartInfo("/usr/bin/perl") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-CA", "-e", "utf8::encode($ARGV[0]); print crypt($ARGV[0], $ARGV[1])", password, hash }) info.ArgumentList.Add(a);
        using var perl = Process.Start(info)!;
        var output = perl.StandardOutput.ReadToEnd();
        perl.WaitForExit();
        Assert.Equal(hash, output);
    }
}
