using System.Text.RegularExpressions;

namespace Marquee.Grains.Ingest;

/// <summary>An object read from the origin: its bytes and their length. The caller disposes it.</summary>
public sealed class OriginObject(Stream content, long length) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public long Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

/// <summary>
/// The origin: the master copy of every title's encoded media, in versions. A version is published whole or not at
/// all (the embedded store renames a staged folder into place, an object store would upload under a prefix and then
/// write the pointer), and a title's current version switches with one atomic write of its pointer.
/// Paths inside a version are <c>{rung}/{file}</c> (see <see cref="Marquee.Ingest.MediaLayout"/>).
/// </summary>
public interface IOriginStore
{
    /// <summary>Publishes the files under <paramref name="folder"/> as a version of a title and makes it current; a version already published is kept as it is.</summary>
    Task PublishAsync(string titleId, string version, string folder, CancellationToken ct = default);

    /// <summary>True when the version of the title has been published.</summary>
    Task<bool> HasVersionAsync(string titleId, string version, CancellationToken ct = default);

    /// <summary>The title's current version, or null when it has none.</summary>
    Task<string?> GetCurrentVersionAsync(string titleId, CancellationToken ct = default);

    /// <summary>Opens a file of a version, or null when there is no such file.</summary>
    Task<OriginObject?> OpenReadAsync(string titleId, string version, string path, CancellationToken ct = default);

    /// <summary>The files of a version (paths relative to it), empty when there is no such version.</summary>
    Task<IReadOnlyList<string>> ListAsync(string titleId, string version, CancellationToken ct = default);
}

/// <summary>Names the origin accepts; anything else never reaches a file system path.</summary>
public static partial class OriginNames
{
    /// <summary>True for a title id or version usable as one path segment.</summary>
    public static bool IsSafeSegment(string? value) => value is not null && SafeSegment().IsMatch(value);

    /// <summary>True for a path of one to three safe segments, e.g. <c>720p/index.m3u8</c>.</summary>
    public static bool IsSafeRelativePath(string? path) =>
        path is not null && path.Split('/') is { Length: >= 1 and <= 3 } parts && parts.All(IsSafeSegment);

    /// <summary>
    /// The version a media path belongs to: segments carry their version as the prefix of their name
    /// (<c>{version}_00001.ts</c>), so a segment listed by an older playlist is still found after a re-ingest;
    /// playlists have none and are read from the current version.
    /// </summary>
    public static string? VersionOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var match = SegmentName().Match(Path.GetFileName(path));
        return match.Success ? match.Groups["version"].Value : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex SafeSegment();

    [GeneratedRegex("^(?<version>[a-f0-9]{12})_[0-9]+\\.(ts|m4s|mp4|aac)$")]
    private static partial Regex SegmentName();
}
