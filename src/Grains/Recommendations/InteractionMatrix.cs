namespace Marquee.Grains.Recommendations;

/// <summary>
/// Profiles by titles, binary (watched or not), held as compressed sparse rows (profile to titles) and columns
/// (title to profiles). Every model of the recommender reads it; titles and profiles are dense indexes from here on.
/// </summary>
public sealed class InteractionMatrix
{
    private readonly Dictionary<string, int> _itemIndex;
    private readonly string[] _itemIds;
    private readonly Dictionary<string, int> _userIndex;
    private readonly string[] _userIds;
    private readonly int[] _userOffsets;
    private readonly int[] _userItems;
    private readonly int[] _itemOffsets;
    private readonly int[] _itemUsers;

    private InteractionMatrix(
        Dictionary<string, int> itemIndex, string[] itemIds, Dictionary<string, int> userIndex, string[] userIds,
        int[] userOffsets, int[] userItems, int[] itemOffsets, int[] itemUsers)
    {
        _itemIndex = itemIndex;
        _itemIds = itemIds;
        _userIndex = userIndex;
        _userIds = userIds;
        _userOffsets = userOffsets;
        _userItems = userItems;
        _itemOffsets = itemOffsets;
        _itemUsers = itemUsers;
    }

    /// <summary>Number of profiles with at least one interaction.</summary>
    public int UserCount => _userIds.Length;

    /// <summary>Number of titles: the catalogue's plus any title seen only in interactions.</summary>
    public int ItemCount => _itemIds.Length;

    /// <summary>Number of distinct (profile, title) pairs.</summary>
    public int Count => _userItems.Length;

    /// <summary>Title ids by dense index.</summary>
    public IReadOnlyList<string> ItemIds => _itemIds;

    /// <summary>Profile ids by dense index.</summary>
    public IReadOnlyList<string> UserIds => _userIds;

    /// <summary>Builds the matrix; repeated (profile, title) pairs count once.</summary>
    /// <param name="interactions">What profiles watched.</param>
    /// <param name="catalogue">Title ids that get an index even without interactions (cold titles), in this order first.</param>
    public static InteractionMatrix Build(IEnumerable<Interaction> interactions, IEnumerable<string>? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var itemIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemIds = new List<string>();
        if (catalogue is not null)
        {
            foreach (var id in catalogue)
            {
                if (itemIndex.TryAdd(id, itemIds.Count))
                {
                    itemIds.Add(id);
                }
            }
        }

        var userIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var userIds = new List<string>();
        var pairs = new List<long>();
        foreach (var interaction in interactions)
        {
            if (!itemIndex.TryGetValue(interaction.TitleId, out var item))
            {
                item = itemIds.Count;
                itemIndex.Add(interaction.TitleId, item);
                itemIds.Add(interaction.TitleId);
            }

            if (!userIndex.TryGetValue(interaction.ProfileId, out var user))
            {
                user = userIds.Count;
                userIndex.Add(interaction.ProfileId, user);
                userIds.Add(interaction.ProfileId);
            }

            pairs.Add(((long)user << 32) | (uint)item);
        }

        pairs.Sort();
        var userCount = userIds.Count;
        var itemCount = itemIds.Count;
        var userOffsets = new int[userCount + 1];
        var userItems = new List<int>(pairs.Count);
        var itemDegrees = new int[itemCount];
        var previous = -1L;
        foreach (var pair in pairs)
        {
            if (pair == previous)
            {
                continue;
            }

            previous = pair;
            var user = (int)(pair >> 32);
            var item = (int)(pair & 0xFFFFFFFF);
            userOffsets[user + 1]++;
            userItems.Add(item);
            itemDegrees[item]++;
        }

        for (var u = 0; u < userCount; u++)
        {
            userOffsets[u + 1] += userOffsets[u];
        }

        var itemOffsets = new int[itemCount + 1];
        for (var i = 0; i < itemCount; i++)
        {
            itemOffsets[i + 1] = itemOffsets[i] + itemDegrees[i];
        }

        var itemUsers = new int[userItems.Count];
        var cursor = itemOffsets[..^1];
        for (var u = 0; u < userCount; u++)
        {
            for (var k = userOffsets[u]; k < userOffsets[u + 1]; k++)
            {
                itemUsers[cursor[userItems[k]]++] = u;
            }
        }

        return new InteractionMatrix(
            itemIndex, [.. itemIds], userIndex, [.. userIds], userOffsets, [.. userItems], itemOffsets, itemUsers);
    }

    /// <summary>The dense index of a title, if it is known.</summary>
    public bool TryGetItem(string titleId, out int item) => _itemIndex.TryGetValue(titleId, out item);

    /// <summary>The dense index of a profile, if it has interactions.</summary>
    public bool TryGetUser(string profileId, out int user) => _userIndex.TryGetValue(profileId, out user);

    /// <summary>Titles a profile watched, ascending by index.</summary>
    public ReadOnlySpan<int> ItemsOf(int user) =>
        _userItems.AsSpan(_userOffsets[user], _userOffsets[user + 1] - _userOffsets[user]);

    /// <summary>Profiles that watched a title, ascending by index.</summary>
    public ReadOnlySpan<int> UsersOf(int item) =>
        _itemUsers.AsSpan(_itemOffsets[item], _itemOffsets[item + 1] - _itemOffsets[item]);

    /// <summary>How many profiles watched a title.</summary>
    public int Popularity(int item) => _itemOffsets[item + 1] - _itemOffsets[item];

    /// <summary>Maps title ids to dense indexes, dropping unknown titles and repeats.</summary>
    public int[] ToItemIndexes(IEnumerable<string> titleIds)
    {
        ArgumentNullException.ThrowIfNull(titleIds);
        var seen = new HashSet<int>();
        var result = new List<int>();
        foreach (var id in titleIds)
        {
            if (_itemIndex.TryGetValue(id, out var item) && seen.Add(item))
            {
                result.Add(item);
            }
        }

        return [.. result];
    }
}
