using System.Security.Cryptography;
using System.Text;

namespace Marquee.Grains.Edge;

/// <summary>Node keys: random, shown once, stored as a SHA-256 hash and compared in constant time.</summary>
public static class NodeKeys
{
    public static string Create() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool Matches(string? key, string? storedHash) =>
        key is not null && storedHash is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(key)), Encoding.ASCII.GetBytes(storedHash));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
