using System.Collections.Concurrent;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Marquee.Grains.Recommendations;

/// <summary>One candidate of one query (a profile's request) for learning to rank.</summary>
/// <param name="Query">Groups the candidates ranked against each other.</param>
/// <param name="Label">Relevance grade, 0 (not watched) or higher.</param>
/// <param name="Features">Feature vector; all examples have the same length.</param>
public sealed record RankingExample(int Query, float Label, float[] Features);

/// <summary>Settings of the LambdaRank boosted trees.</summary>
/// <param name="Trees">Number of boosting rounds.</param>
/// <param name="Leaves">Leaves per tree.</param>
/// <param name="MinExamplesPerLeaf">Smallest leaf; the main guard against over-fitting a small training slice.</param>
/// <param name="LearningRate">Shrinkage of each tree.</param>
/// <param name="Seed">Seed of the trainer's sampling, so a model is reproducible.</param>
public sealed record RelevanceRankerOptions(
    int Trees = 150,
    int Leaves = 16,
    int MinExamplesPerLeaf = 50,
    double LearningRate = 0.05,
    int Seed = 42);

/// <summary>
/// The relevance ranker: ML.NET FastTree LambdaRank (gradient-boosted trees optimising nDCG over each query's
/// candidates), trained on labelled candidate lists and used to re-order a profile's candidates. Scoring is
/// thread-safe: prediction engines (which are not) are pooled.
/// </summary>
public sealed class RelevanceRanker
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly SchemaDefinition _inputSchema;
    private readonly ConcurrentBag<PredictionEngine<FeatureRow, ScoreRow>> _engines = [];

    private RelevanceRanker(MLContext ml, ITransformer model, SchemaDefinition inputSchema, int featureCount)
    {
        _ml = ml;
        _model = model;
        _inputSchema = inputSchema;
        FeatureCount = featureCount;
    }

    /// <summary>Length of the feature vectors the ranker expects.</summary>
    public int FeatureCount { get; }

    /// <summary>Trains the ranker; queries without any relevant candidate teach nothing and may be left out.</summary>
    public static RelevanceRanker Train(IReadOnlyCollection<RankingExample> examples, RelevanceRankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        options ??= new RelevanceRankerOptions();
        var first = examples.FirstOrDefault()
            ?? throw new ArgumentException("The ranker needs at least one example.", nameof(examples));
        var featureCount = first.Features.Length;
        if (examples.Any(e => e.Features.Length != featureCount))
        {
            throw new ArgumentException("Every example must have the same number of features.", nameof(examples));
        }

        var ml = new MLContext(seed: options.Seed);
        var trainSchema = SchemaDefinition.Create(typeof(TrainingRow));
        trainSchema[nameof(TrainingRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);

        // FastTree wants the rows of a query contiguous.
        var rows = examples
            .OrderBy(e => e.Query)
            .Select(e => new TrainingRow { Query = (uint)e.Query, Label = e.Label, Features = e.Features });
        var data = ml.Data.LoadFromEnumerable(rows, trainSchema);

        // The query id becomes a key column for training only; scoring needs the features alone.
        var keyed = ml.Transforms.Conversion.MapValueToKey("GroupId", nameof(TrainingRow.Query)).Fit(data).Transform(data);
        var trainer = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = nameof(TrainingRow.Features),
            RowGroupColumnName = "GroupId",
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinExamplesPerLeaf,
            LearningRate = options.LearningRate,
            NdcgTruncationLevel = 10,
            Seed = options.Seed,
        });
        var model = trainer.Fit(keyed);

        var inputSchema = SchemaDefinition.Create(typeof(FeatureRow));
        inputSchema[nameof(FeatureRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        return new RelevanceRanker(ml, model, inputSchema, featureCount);
    }

    /// <summary>Scores candidates; higher is more relevant. Rows of <paramref name="features"/> are <see cref="FeatureCount"/> long.</summary>
    public void Score(ReadOnlySpan<float> features, Span<float> scores)
    {
        if (features.Length != scores.Length * FeatureCount)
        {
            throw new ArgumentException("One row of features per score is expected.", nameof(features));
        }

        if (!_engines.TryTake(out var engine))
        {
            engine = _ml.Model.CreatePredictionEngine<FeatureRow, ScoreRow>(_model, inputSchemaDefinition: _inputSchema);
        }

        try
        {
            var row = new FeatureRow { Features = new float[FeatureCount] };
            var output = new ScoreRow();
            for (var r = 0; r < scores.Length; r++)
            {
                features.Slice(r * FeatureCount, FeatureCount).CopyTo(row.Features);
                engine.Predict(row, ref output);
                scores[r] = output.Score;
            }
        }
        finally
        {
            _engines.Add(engine);
        }
    }

    /// <summary>Scores examples (their labels are ignored).</summary>
    public float[] ScoreRows(IReadOnlyList<RankingExample> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var features = new float[rows.Count * FeatureCount];
        for (var r = 0; r < rows.Count; r++)
        {
            rows[r].Features.CopyTo(features, r * FeatureCount);
        }

        var scores = new float[rows.Count];
        Score(features, scores);
        return scores;
    }

    /// <summary>Scores one candidate (convenience for tests and tools).</summary>
    public float Score(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        Span<float> score = stackalloc float[1];
        Score(features, score);
        return score[0];
    }

    private sealed class TrainingRow
    {
        public uint Query { get; set; }

        public float Label { get; set; }

        public float[] Features { get; set; } = [];
    }

    private sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class ScoreRow
    {
        public float Score { get; set; }
    }
}
