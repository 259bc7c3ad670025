using Microsoft.Extensions.Options;

namespace Marquee.Grains.Ingest;

/// <summary>
/// The origin as a folder (embedded mode, or a shared volume): <c>{origin}/{titleId}/{version}/...</c> plus a
/// <c>current</c> file naming the current version. A version is staged beside its final place and renamed into it
/// (atomic on one file system), then the pointer is replaced by rename (atomic too): a reader sees the old version
/// or the new one, never half of one. The two newest versions are kept so caches holding the previous playlist
/// still find its segments; older ones are removed.
/// </summary>
public sealed class FileSystemOriginStore(IOptions<IngestOptions> options) : IOriginStore
{
    const string Pointer = "current";
    const int KeptVersions = 2;

    string Root => options.Value.Origin;

    public Task PublishAsync(string titleId, string version, string folder, CancellationToken ct = default)
    {
        var titleDir = TitleDir(titleId);
        var final = Path.Combine(titleDir, Safe(version));
        Directory.CreateDirectory(titleDir);
        if (!Directory.Exists(final))
        {
            var staging = Path.Combine(titleDir, $".staging-{version}-{Guid.NewGuid():N}");
            try
            {
                MoveOrCopy(folder, staging, ct);
                Directory.Move(staging, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another attempt of the same job published this version first: keep that one.
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }

        var temp = Path.Combine(titleDir, $".{Pointer}-{Guid.NewGuid():N}");
        File.WriteAllText(temp, version);
        File.Move(temp, Path.Combine(titleDir, Pointer), overwrite: true);
        Prune(titleDir, version);
        return Task.CompletedTask;
    }

    public Task<bool> HasVersionAsync(string titleId, string version, CancellationToken ct = default) =>
        Task.FromResult(Directory.Exists(Path.Combine(TitleDir(titleId), Safe(version))));

    public async Task<string?> GetCurrentVersionAsync(string titleId, CancellationToken ct = default)
    {
        var pointer = Path.Combine(TitleDir(titleId), Pointer);
        try
        {
            var version = (await File.ReadAllTextAsync(pointer, ct).ConfigureAwait(false)).Trim();
            return OriginNames.IsSafeSegment(version) ? version : null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task<OriginObject?> OpenReadAsync(string titleId, string version, string path, CancellationToken ct = default)
    {
        if (!OriginNames.IsSafeRelativePath(path))
        {
            return Task.FromResult<OriginObject?>(null);
        }

        var file = Path.Combine(TitleDir(titleId), Safe(version), path);
        try
        {
            var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
            return Task.FromResult<OriginObject?>(new OriginObject(stream, stream.Length));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<OriginObject?>(null);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string titleId, string version, CancellationToken ct = default)
    {
        var dir = Path.Combine(TitleDir(titleId), Safe(version));
        IReadOnlyList<string> files = Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(files);
    }

    string TitleDir(string titleId) => Path.Combine(Root, Safe(titleId));

    static string Safe(string segment) => OriginNames.IsSafeSegment(segment)
        ? segment
        : throw new ArgumentException($"'{segment}' is not a valid origin name.", nameof(segment));

    static void MoveOrCopy(string from, string to, CancellationToken ct)
    {
        try
        {
            Directory.Move(from, to);
        }
        catch (IOException)
        {
            // A different file system (or volume): copy instead.
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                ct.ThrowIfCancellationRequested();
                var target = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target, overwrite: true);
            }
        }
    }

    static void Prune(string titleDir, string current)
    {
        var old = new DirectoryInfo(titleDir).EnumerateDirectories()
            .Where(d => !d.Name.StartsWith('.') && d.Name != current)
            .OrderByDescending(d => d.CreationTimeUtc)
            .Skip(KeptVersions - 1);
        foreach (var dir in old)
        {
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Being read right now: the next publish removes it.
            }
        }
    }
}
