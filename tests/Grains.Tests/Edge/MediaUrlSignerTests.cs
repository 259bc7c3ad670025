using Marquee.Grains.Edge;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marquee.Grains.Tests.Edge;

public sealed class MediaUrlSignerTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 26, 20, 0, 0, TimeSpan.Zero);
    static readonly string Key = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    static MediaUrlSigner Signer(string? key = null) =>
        new(Options.Create(new MediaUrlOptions { SigningKey = key ?? Key, Lifetime = TimeSpan.FromHours(2) }), NullLogger<MediaUrlSigner>.Instance);

    [Fact]
    public void Check_TheTokenItSigned_AllowsTheTitleUpToItsCap_AndTheMasterPlaylist()
    {
        var signer = Signer();
        var token = signer.Sign("demo-001", 1080, Now);

        Assert.Null(signer.Check(token, "demo-001", 1080, Now));
        Assert.Null(signer.Check(token, "demo-001", 240, Now + TimeSpan.FromHours(2)));
        Assert.Null(signer.Check(token, "demo-001", null, Now));
        // Another process with the same key (an API instance checking a silo's token) agrees.
        Assert.Null(Signer().Check(token, "demo-001", 720, Now));
    }

    [Fact]
    public void Check_RefusesOtherTitles_TallerRungs_ExpiredTokens_EditedCapsAndOtherKeys()
    {
        var signer = Signer();
        var token = signer.Sign("demo-001", 720, Now);
        var parts = token.Split('-', 3);

        Assert.Equal(MediaUrlRefusal.Invalid, signer.Check(token, "demo-002", 720, Now));
        Assert.Equal(MediaUrlRefusal.AboveCap, signer.Check(token, "demo-001", 1080, Now));
        Assert.Equal(MediaUrlRefusal.Expired, signer.Check(token, "demo-001", 720, Now + TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1)));
        Assert.Equal(MediaUrlRefusal.Invalid, signer.Check($"{parts[0]}-2160-{parts[2]}", "demo-001", 1080, Now));
        Assert.Equal(MediaUrlRefusal.Invalid, signer.Check($"{long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + 3600}-720-{parts[2]}", "demo-001", 720, Now));
        Assert.Equal(MediaUrlRefusal.Invalid, Signer(Convert.ToBase64String(new byte[32])).Check(token, "demo-001", 720, Now));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("titles")]
    [InlineData("1-2")]
    [InlineData("x-720-abc")]
    [InlineData("1790000000-x-abc")]
    public void Check_WithoutAToken_IsMissing(string? token) =>
        Assert.Equal(MediaUrlRefusal.Missing, Signer().Check(token, "demo-001", 720, Now));

    [Theory]
    [InlineData("AAAA", false)]
    [InlineData("not base64!", false)]
    [InlineData("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", true)]
    public void IsUsableKey_NeedsBase64OfAtLeast32Bytes(string key, bool usable) =>
        Assert.Equal(usable, MediaUrlSigner.IsUsableKey(key));
}
