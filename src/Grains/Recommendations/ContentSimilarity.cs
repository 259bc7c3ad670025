using System.Buffers;

namespace Marquee.Grains.Recommendations;

/// <summary>
/// Content similarity from metadata: each title is an L2-normalised TF-IDF vector over its genres, tags and cast
/// (cast weighted lower: one shared actor says less than a shared genre). A profile is the normalised sum of what it
/// watched; its score for a title is the cosine of the two. Works for titles nobody has watched yet.
/// </summary>
public sealed class ContentSimilarity
{
    private const float GenreWeight = 1.0f;
    private const float TagWeight = 1.0f;
    private const float CastWeight = 0.5f;

    private readonly int[] _offsets;
    private readonly int[] _tokens;
    private readonly float[] _weights;
    private readonly Dictionary<string, int> _tokenIndex;
    private readonly int[] _years;

    private ContentSimilarity(int[] offsets, int[] tokens, float[] weights, Dictionary<string, int> tokenIndex, int[] years)
    {
        _offsets = offsets;
        _tokens = tokens;
        _weights = weights;
        _tokenIndex = tokenIndex;
        _years = years;
    }

    /// <summary>Number of distinct content tokens (genres, tags, cast).</summary>
    public int TokenCount => _tokenIndex.Count;

    /// <summary>Builds the title vectors, aligned with the dense title indexes of <paramref name="itemIds"/>.</summary>
    public static ContentSimilarity Build(IReadOnlyList<string> itemIds, IEnumerable<TitleMetadata> metadata)
    {
        ArgumentNullException.ThrowIfNull(itemIds);
        ArgumentNullException.ThrowIfNull(metadata);
        var byId = new Dictionary<string, TitleMetadata>(StringComparer.Ordinal);
        foreach (var title in metadata)
        {
            byId[title.TitleId] = title;
        }

        var tokenIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var perItem = new List<(int Token, float Weight)>[itemIds.Count];
        var documentFrequency = new List<int>();
        var years = new int[itemIds.Count];
        for (var i = 0; i < itemIds.Count; i++)
        {
            var tokens = new Dictionary<int, float>();
            if (byId.TryGetValue(itemIds[i], out var title))
            {
                years[i] = title.Year;
                Add(tokens, "g:", title.Genres, GenreWeight);
                Add(tokens, "t:", title.Tags, TagWeight);
                Add(tokens, "c:", title.Cast, CastWeight);
            }

            perItem[i] = [.. tokens.Select(t => (t.Key, t.Value))];
            foreach (var token in tokens.Keys)
            {
                documentFrequency[token]++;
            }
        }

        var offsets = new int[itemIds.Count + 1];
        var allTokens = new List<int>();
        var allWeights = new List<float>();
        var documents = (double)Math.Max(1, itemIds.Count);
        for (var i = 0; i < itemIds.Count; i++)
        {
            var weighted = perItem[i]
                .Select(t => (t.Token, Weight: t.Weight * (float)Math.Log(1 + (documents / documentFrequency[t.Token]))))
                .OrderBy(t => t.Token)
                .ToArray();
            var norm = MathF.Sqrt(weighted.Sum(t => t.Weight * t.Weight));
            foreach (var (token, weight) in weighted)
            {
                allTokens.Add(token);
                allWeights.Add(weight / norm);
            }

            offsets[i + 1] = allTokens.Count;
        }

        return new ContentSimilarity(offsets, [.. allTokens], [.. allWeights], tokenIndex, years);

        void Add(Dictionary<int, float> tokens, string prefix, IReadOnlyList<string>? values, float weight)
        {
            if (values is null)
            {
                return;
            }

            foreach (var value in values)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    continue;
                }

                var key = prefix + value.Trim().ToUpperInvariant();
                if (!tokenIndex.TryGetValue(key, out var token))
                {
                    token = tokenIndex.Count;
                    tokenIndex.Add(key, token);
                    documentFrequency.Add(0);
                }

                tokens[token] = weight;
            }
        }
    }

    /// <summary>Release year of a title, 0 when unknown.</summary>
    public int YearOf(int item) => item < _years.Length ? _years[item] : 0;

    /// <summary>True when the title carries at least one of the genres (case-insensitive).</summary>
    public bool HasAnyGenre(int item, IEnumerable<string> genres)
    {
        ArgumentNullException.ThrowIfNull(genres);
        if (item >= _years.Length)
        {
            return false;
        }

        var tokens = _tokens.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);
        foreach (var genre in genres)
        {
            if (_tokenIndex.TryGetValue("g:" + genre.Trim().ToUpperInvariant(), out var token) && tokens.Contains(token))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds the cosine between the profile (the titles in <paramref name="history"/>) and every title.</summary>
    public void Score(ReadOnlySpan<int> history, Span<float> scores)
    {
        var tokenCount = _tokenIndex.Count;
        if (tokenCount == 0 || history.IsEmpty)
        {
            return;
        }

        var buffer = ArrayPool<float>.Shared.Rent(tokenCount);
        try
        {
            var profile = buffer.AsSpan(0, tokenCount);
            profile.Clear();
            foreach (var item in history)
            {
                if (item >= _years.Length)
                {
                    continue;
                }

                for (var k = _offsets[item]; k < _offsets[item + 1]; k++)
                {
                    profile[_tokens[k]] += _weights[k];
                }
            }

            var squared = 0f;
            foreach (var value in profile)
            {
                squared += value * value;
            }

            if (squared <= 0f)
            {
                return;
            }

            var inverseNorm = 1f / MathF.Sqrt(squared);
            var items = Math.Min(scores.Length, _years.Length);
            for (var i = 0; i < items; i++)
            {
                var dot = 0f;
                for (var k = _offsets[i]; k < _offsets[i + 1]; k++)
                {
                    dot += profile[_tokens[k]] * _weights[k];
                }

                scores[i] += dot * inverseNorm;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
