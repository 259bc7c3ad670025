using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Marquee.Grains.Ingest;

namespace Marquee.Api.Edge;

/// <summary>A file in a node's cache, ready to send.</summary>
/// <remarks><c>Hit</c>: True when the node already had it; false when it was just filled.</remarks>
/// <remarks><c>Source</c>: Where a miss was filled from: <c>storage:{nodeId}</c> or <c>origin</c>; <c>cache</c> on a hit.</remarks>
public sealed record CachedFile(string FullPath, long Length, bool Hit, string Source);

/// <summary>
/// The bytes of every node this process hosts: one folder per node, files under <c>{titleId}/{rung}/{file}</c>,
/// bounded by the node's capacity (least recently used files go first). A miss is filled once however many requests
/// wait for it (single flight), written to a temporary file and renamed into place, so a reader never sees half a file.
/// Playlists expire after <see cref="EdgeCacheOptions.PlaylistTtl"/>; segments never change (their names carry the version).
/// </summary>
public sealed class EdgeCache(IOptions<EdgeCacheOptions> options, IOptions<IngestOptions> ingest, TimeProvider clock)
{
    readonly ConcurrentDictionary<string, NodeStore> _nodes = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<Task<CachedFile?>>> _inflight = new(StringComparer.Ordinal);

    string Root => Path.GetFullPath(options.Value.Folder ?? Path.Combine(ingest.Value.DataFolder, "edge"));

    /// <summary>The cached file when the node has a fresh copy, else fills it with <paramref name="fill"/> (which writes the bytes to the path it is given).</summary>
    public async Task<CachedFile?> GetOrFillAsync(
        DataPlaneNode node, EdgeMediaPath path, Func<string, CancellationToken, Task<(bool Found, string Source)>> fill, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(fill);
        var store = Store(node.NodeId);
        if (store.TryGet(path, clock.GetUtcNow(), options.Value.PlaylistTtl) is { } hit)
        {
            return hit;
        }

        var key = $"{node.NodeId}/{path.Key}";
        // The fill is shared by every request waiting for the file, so no single caller's cancellation stops it.
        var flight = _inflight.GetOrAdd(key, _ => new Lazy<Task<CachedFile?>>(() => FillAsync(store, node, path, fill, CancellationToken.None)));
        try
        {
            return await flight.Value.WaitAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _inflight.TryRemove(new KeyValuePair<string, Lazy<Task<CachedFile?>>>(key, flight));
        }
    }

    /// <summary>Removes every cached file of a title from a node; returns the bytes freed.</summary>
    public long RemoveTitle(string nodeId, string titleId) => Store(nodeId).RemoveTitle(titleId);

    /// <summary>The bytes a node's cache holds now.</summary>
    public long UsedBytes(string nodeId) => Store(nodeId).UsedBytes;

    /// <summary>True when the node holds the file (fresh or not).</summary>
    public bool Contains(string nodeId, EdgeMediaPath path) => Store(nodeId).Contains(path);

    /// <summary>Bytes per node, for the cache-used gauge.</summary>
    public IEnumerable<(string NodeId, long Bytes)> Usage() => _nodes.Select(n => (n.Key, n.Value.UsedBytes));

    /// <summary>Called with the number of files evicted to stay within capacity, per node.</summary>
    public event Action<string, int>? Evicted;

    async Task<CachedFile?> FillAsync(
        NodeStore store, DataPlaneNode node, EdgeMediaPath path, Func<string, CancellationToken, Task<(bool Found, string Source)>> fill, CancellationToken ct)
    {
        var target = store.PathOf(path);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temp = $"{target}.{Guid.NewGuid():N}.part";
        try
        {
            var (found, source) = await fill(temp, ct).ConfigureAwait(false);
            if (!found)
            {
                return null;
            }

            File.Move(temp, target, overwrite: true);
            var length = new FileInfo(target).Length;
            store.Add(path, length, clock.GetUtcNow());
            var capacity = node.CapacityGb > 0 ? (long)(node.CapacityGb * 1e9) : long.MaxValue;
            var evicted = store.EvictOverCapacity(capacity, keep: path.Key);
            if (evicted > 0)
            {
                Evicted?.Invoke(node.NodeId, evicted);
            }

            return new CachedFile(target, length, Hit: false, source);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    NodeStore Store(string nodeId) => _nodes.GetOrAdd(nodeId, id =>
    {
        if (!OriginNames.IsSafeSegment(id))
        {
            throw new ArgumentException($"'{id}' is not a valid node id.", nameof(nodeId));
        }

        return new NodeStore(Path.Combine(Root, id));
    });

    /// <summary>One node's files and their index (rebuilt from disk when the process starts).</summary>
    sealed class NodeStore
    {
        readonly string _folder;
        readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        readonly Lock _evictLock = new();
        long _used;

        public NodeStore(string folder)
        {
            _folder = folder;
            Directory.CreateDirectory(folder);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (file.EndsWith(".part", StringComparison.Ordinal))
                {
                    File.Delete(file);
                    continue;
                }

                var info = new FileInfo(file);
                var key = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
                // Playlists found on disk are treated as stale (fetched long ago): the next request refreshes them.
                _entries[key] = new Entry(info.Length, DateTimeOffset.MinValue) { LastAccess = info.LastWriteTimeUtc.Ticks };
                _used += info.Length;
            }
        }

        public long UsedBytes => Interlocked.Read(ref _used);

        public string PathOf(EdgeMediaPath path) => Path.Combine(_folder, path.TitleId, path.RelativePath.Replace('/', Path.DirectorySeparatorChar));

        public bool Contains(EdgeMediaPath path) => _entries.ContainsKey(path.Key);

        public CachedFile? TryGet(EdgeMediaPath path, DateTimeOffset now, TimeSpan playlistTtl)
        {
            if (!_entries.TryGetValue(path.Key, out var entry) || (path.IsPlaylist && now - entry.FetchedAt >= playlistTtl))
            {
                return null;
            }

            var file = PathOf(path);
            if (!File.Exists(file))
            {
                Forget(path.Key);
                return null;
            }

            entry.LastAccess = now.UtcTicks;
            return new CachedFile(file, entry.Length, Hit: true, "cache");
        }

        public void Add(EdgeMediaPath path, long length, DateTimeOffset now)
        {
            var entry = new Entry(length, now) { LastAccess = now.UtcTicks };
            _entries.AddOrUpdate(path.Key, entry, (_, old) =>
            {
                Interlocked.Add(ref _used, -old.Length);
                return entry;
            });
            Interlocked.Add(ref _used, length);
        }

        public int EvictOverCapacity(long capacity, string keep)
        {
            if (UsedBytes <= capacity)
            {
                return 0;
            }

            lock (_evictLock)
            {
                var evicted = 0;
                // Down to 90% so that every new file does not evict one.
                foreach (var (key, _) in _entries.Where(e => e.Key != keep).OrderBy(e => e.Value.LastAccess).ToList())
                {
                    if (UsedBytes <= capacity * 0.9)
                    {
                        break;
                    }

                    DeleteFile(key);
                    evicted++;
                }

                return evicted;
            }
        }

        public long RemoveTitle(string titleId)
        {
            var freed = 0L;
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(titleId + "/", StringComparison.Ordinal)).ToList())
            {
                freed += DeleteFile(key);
            }

            var dir = Path.Combine(_folder, titleId);
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }

            return freed;
        }

        long DeleteFile(string key)
        {
            var length = Forget(key);
            try
            {
                File.Delete(Path.Combine(_folder, key.Replace('/', Path.DirectorySeparatorChar)));
            }
            catch (IOException)
            {
                // Being sent right now; readers open files with FileShare.Delete, so this is rare. The index no longer counts it.
            }

            return length;
        }

        long Forget(string key)
        {
            if (_entries.TryRemove(key, out var old))
            {
                Interlocked.Add(ref _used, -old.Length);
                return old.Length;
            }

            return 0;
        }

        sealed class Entry(long length, DateTimeOffset fetchedAt)
        {
            public long Length { get; } = length;

            public DateTimeOffset FetchedAt { get; } = fetchedAt;

            public long LastAccess { get; set; }
        }
    }
}
