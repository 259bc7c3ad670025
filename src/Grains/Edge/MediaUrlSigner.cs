using System.Buffers.Text;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Edge;

/// <summary>Media URL signing (section <c>MediaUrls</c>).</summary>
public sealed class MediaUrlOptions
{
    public const string Section = "MediaUrls";

    /// <summary>
    /// The HMAC key, base64, at least 32 bytes; every API instance and silo of a cluster needs the same one. Empty: a
    /// random key per process, which only an embedded (single-process) deployment can use.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a signed media URL stays valid: longer than a title plays, players fetch a new manifest after.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>Why a media URL was refused.</summary>
public enum MediaUrlRefusal
{
    /// <summary>No token, or one that does not parse.</summary>
    Missing,
    /// <summary>The signature does not match the title and cap (forged or edited).</summary>
    Invalid,
    /// <summary>The token's lifetime is over.</summary>
    Expired,
    /// <summary>The rung is taller than the session was entitled to (plan, device, title).</summary>
    AboveCap,
}

/// <summary>
/// Signs the media URLs playback hands out, as a CDN's signed URLs: the token is a path segment before
/// <c>titles/...</c> (<c>{base}/{token}/titles/{titleId}/{rung}/index.m3u8</c>), so the segment URLs a variant
/// playlist lists relative to itself carry it too. It binds the title, the tallest rung the session may play (its
/// plan, device and title cap) and an expiry: <c>{expires unix s}-{max height}-{HMAC-SHA256, base64url, 16 bytes}</c>.
/// The edge data plane and the origin route serve nothing without a valid one.
/// </summary>
public sealed partial class MediaUrlSigner
{
    const int SignatureBytes = 16;
    readonly byte[] _key;
    readonly TimeSpan _lifetime;

    public MediaUrlSigner(IOptions<MediaUrlOptions> options, ILogger<MediaUrlSigner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.SigningKey;
        if (string.IsNullOrWhiteSpace(configured))
        {
            _key = RandomNumberGenerator.GetBytes(32);
            LogRandomKey(logger);
        }
        else
        {
            _key = Convert.FromBase64String(configured);
        }

        _lifetime = options.Value.Lifetime;
    }

    /// <summary>How long a token stays valid after it is signed.</summary>
    public TimeSpan Lifetime => _lifetime;

    /// <summary>True when <paramref name="key"/> is base64 of at least 32 bytes.</summary>
    public static bool IsUsableKey(string key)
    {
        var bytes = new byte[key.Length];
        return Convert.TryFromBase64String(key, bytes, out var length) && length >= 32;
    }

    /// <summary>A token for <paramref name="titleId"/> up to <paramref name="maxHeight"/>, valid for the configured lifetime from <paramref name="now"/>.</summary>
    public string Sign(string titleId, int maxHeight, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(titleId);
        var expires = (now + _lifetime).ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"{expires}-{maxHeight}-{Signature(titleId, maxHeight, expires)}");
    }

    /// <summary>Null when <paramref name="token"/> lets its holder fetch <paramref name="titleId"/>'s rung of <paramref name="height"/> (null: not a rung) at <paramref name="now"/>.</summary>
    public MediaUrlRefusal? Check(string? token, string titleId, int? height, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(titleId);
        var parts = token?.Split('-', 3);
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var maxHeight))
        {
            return MediaUrlRefusal.Missing;
        }

        // Compared in constant time, as the strings' own UTF-16 bytes (no copy per request).
        var expected = Signature(titleId, maxHeight, expires);
        if (!CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected.AsSpan()), MemoryMarshal.AsBytes(parts[2].AsSpan())))
        {
            return MediaUrlRefusal.Invalid;
        }

        if (now.ToUnixTimeSeconds() > expires)
        {
            return MediaUrlRefusal.Expired;
        }

        return height > maxHeight ? MediaUrlRefusal.AboveCap : null;
    }

    string Signature(string titleId, int maxHeight, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{titleId}\n{maxHeight}\n{expires}"));
        var mac = HMACSHA256.HashData(_key, message);
        return Base64Url.EncodeToString(mac.AsSpan(0, SignatureBytes));
    }

    // Information: only embedded mode may start without a key (cluster mode refuses to), and there a random key is right.
    [LoggerMessage(Level = LogLevel.Information, Message = "MediaUrls:SigningKey is not set: media URLs are signed with a random key of this process (embedded mode)")]
    static partial void LogRandomKey(ILogger logger);
}
