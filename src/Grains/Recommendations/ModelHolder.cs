namespace Marquee.Grains.Recommendations;

/// <summary>
/// The trained models of this silo: the newest and the one before it. The trainer publishes a new model with one
/// atomic swap; every recommendation grain of the silo reads it on its next request, so a new version takes effect
/// without a restart. The beta cohort ranks with <see cref="Newest"/>, everyone else with <see cref="Stable"/>.
/// </summary>
public sealed class ModelHolder
{
    sealed record Pair(Recommender? Newest, Recommender? Previous);

    Pair _models = new(null, null);

    /// <summary>The most recently trained model (null before the first training).</summary>
    public Recommender? Newest => Volatile.Read(ref _models).Newest;

    /// <summary>The model stable traffic uses: the previous version once there are two, else the newest.</summary>
    public Recommender? Stable
    {
        get
        {
            var models = Volatile.Read(ref _models);
            return models.Previous ?? models.Newest;
        }
    }

    /// <summary>The model for a request: the newest for the beta cohort, the stable one otherwise.</summary>
    public Recommender? For(bool newest) => newest ? Newest : Stable;

    /// <summary>Makes <paramref name="model"/> the newest; the newest so far becomes the previous.</summary>
    public void Publish(Recommender model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Pair current, next;
        do
        {
            current = Volatile.Read(ref _models);
            next = new Pair(model, current.Newest);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _models, next, current), current));
    }
}
