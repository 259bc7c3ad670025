namespace Marquee.Grains.Recommendations;

/// <summary>Top-k ranking quality averaged over profiles; binary relevance.</summary>
/// <param name="Precision">Hits in the top k over k.</param>
/// <param name="Recall">Hits in the top k over the number of relevant titles.</param>
/// <param name="Ndcg">DCG of the top k (gain 1 per hit, discount 1/log(1+rank)) over the ideal DCG.</param>
/// <param name="Map">
/// Mean average precision over the top k, normalised by the number of relevant titles (the Microsoft Recommenders
/// <c>map</c>): Σ over hits of (hits so far / rank), divided by |relevant|.
/// </param>
/// <param name="Profiles">Profiles averaged over (those with at least one relevant title).</param>
public sealed record RankingQuality(double Precision, double Recall, double Ndcg, double Map, int Profiles);

/// <summary>The offline ranking metrics of the Microsoft Recommenders evaluation, for one top-k cut.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Scores recommendation lists against the relevant titles. Every profile with relevant titles counts; a
    /// profile without a list scores zero (stricter than averaging only over profiles that got a list).
    /// </summary>
    /// <param name="recommended">Ranked title ids per profile, best first; only the first <paramref name="k"/> count.</param>
    /// <param name="relevant">Relevant (held-out) title ids per profile.</param>
    /// <param name="k">The cut.</param>
    public static RankingQuality Evaluate(
        IReadOnlyDictionary<string, IReadOnlyList<string>> recommended,
        IReadOnlyDictionary<string, HashSet<string>> relevant,
        int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(relevant);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);

        double precision = 0, recall = 0, ndcg = 0, map = 0;
        var profiles = 0;
        foreach (var (profile, truth) in relevant)
        {
            if (truth.Count == 0)
            {
                continue;
            }

            profiles++;
            if (!recommended.TryGetValue(profile, out var list))
            {
                continue;
            }

            var hits = 0;
            double dcg = 0, precisionSum = 0;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var rank = 0;
            foreach (var title in list)
            {
                if (rank == k)
                {
                    break;
                }

                if (!seen.Add(title))
                {
                    continue;
                }

                rank++;
                if (truth.Contains(title))
                {
                    hits++;
                    dcg += 1.0 / Math.Log2(1 + rank);
                    precisionSum += (double)hits / rank;
                }
            }

            double idcg = 0;
            for (var r = 1; r <= Math.Min(truth.Count, k); r++)
            {
                idcg += 1.0 / Math.Log2(1 + r);
            }

            precision += (double)hits / k;
            recall += (double)hits / truth.Count;
            ndcg += dcg / idcg;
            map += precisionSum / truth.Count;
        }

        return profiles == 0
            ? new RankingQuality(0, 0, 0, 0, 0)
            : new RankingQuality(precision / profiles, recall / profiles, ndcg / profiles, map / profiles, profiles);
    }
}
