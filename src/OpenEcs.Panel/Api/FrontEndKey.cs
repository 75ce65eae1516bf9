using System.Security.Cryptography;
using System.Text;

namespace OpenEcs.Panel.Api;

/// <summary>
/// A secret of this process that the panel shows when it calls its own server's API, so that the API believes the
/// browser address it forwards without believing <c>X-Forwarded-For</c> from every loopback client. A panel driving
/// another instance never sends it; that instance names the panel's host in its known proxies instead.
/// </summary>
public sealed class FrontEndKey
{
    public const string Header = "X-OpenEcs-Front-End";

    private readonly byte[] _value = Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));

    public string Value => Encoding.ASCII.GetString(_value);

    public bool Matches(string? presented) =>
        presented is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(presented), _value);
}
