using MemControl.Metrics.Features;
using MemControl.Models.Runtime;
using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Exact nearest-neighbour search of query feature vectors among training feature vectors: top-1 or top-k index and
/// cosine similarity or L2 distance.
/// <para>
/// Brute force by blocks: a block of queries × a block of training rows is one float32 matmul (TorchSharp → BLAS),
/// whose top-k is merged into the running top-k, so memory stays bounded by the block sizes (not queries × training)
/// and 100k training vectors work. The winners' values are then recomputed in float64 from the original vectors, so the
/// reported measure is exact even where the float32 expansion ‖q‖² + ‖t‖² − 2q·t would lose digits.
/// </para>
/// </summary>
public sealed class NearestNeighbourSearch : IDisposable
{
    private readonly FeatureMatrix _training;
    private readonly Tensor _trainingRows; // [T, D] float32; unit rows for the cosine metrics
    private readonly Tensor? _trainingSquaredNorms; // [T] for Euclidean
    private readonly int _trainingBlock;
    private readonly int _queryBlock;

    /// <param name="training">The vectors searched.</param>
    /// <param name="metric">What "near" means.</param>
    /// <param name="trainingBlock">Training rows per matmul block.</param>
    /// <param name="queryBlock">Query rows per matmul block.</param>
    public NearestNeighbourSearch(FeatureMatrix training, NeighbourMetric metric = NeighbourMetric.Cosine,
        int trainingBlock = 8192, int queryBlock = 256)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(training.Count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainingBlock);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryBlock);
        _training = training;
        Metric = metric;
        _trainingBlock = trainingBlock;
        _queryBlock = queryBlock;
        var rows = tensor(training.Values, [training.Count, training.Dimension]);
        if (metric == NeighbourMetric.Euclidean)
        {
            _trainingRows = rows;
            _trainingSquaredNorms = rows.Squared().sum(1);
        }
        else
        {
            _trainingRows = Normalise(rows);
            rows.Dispose();
        }
    }

    public NeighbourMetric Metric { get; }

    /// <summary>Number of training vectors.</summary>
    public int Count => _training.Count;

    /// <summary>The nearest training vector of each query.</summary>
    public Neighbour[] Nearest(FeatureMatrix queries) => NearestK(queries, 1).Select(n => n[0]).ToArray();

    /// <summary>
    /// The <paramref name="k"/> nearest training vectors of each query, nearest first.
    /// <paramref name="excluded"/>, when given, names per query one training row to skip (its own copy, for the
    /// train-to-train baseline); -1 skips nothing.
    /// </summary>
    public Neighbour[][] NearestK(FeatureMatrix queries, int k, IReadOnlyList<int>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Dimension != _training.Dimension)
        {
            throw new ArgumentException($"queries have {queries.Dimension} features, training has {_training.Dimension}", nameof(queries));
        }

        var available = Count - (excluded is null ? 0 : 1);
        if (k < 1 || k > available)
        {
            throw new ArgumentException($"k: must be in 1..{available}, got {k}", nameof(k));
        }

        if (excluded is not null && excluded.Count != queries.Count)
        {
            throw new ArgumentException($"excluded: {excluded.Count} entries for {queries.Count} queries", nameof(excluded));
        }

        var result = new Neighbour[queries.Count][];
        for (var start = 0; start < queries.Count; start += _queryBlock)
        {
            var length = Math.Min(_queryBlock, queries.Count - start);
            var indices = SearchQueryBlock(queries, start, length, k, excluded);
            for (var q = 0; q < length; q++)
            {
                var neighbours = new Neighbour[k];
                for (var j = 0; j < k; j++)
                {
                    var index = indices[q * k + j];
                    neighbours[j] = new Neighbour(index, ExactMeasure(queries.Row(start + q), _training.Row(index)));
                }

                result[start + q] = neighbours;
            }
        }

        return result;
    }

    public void Dispose()
    {
        _trainingRows.Dispose();
        _trainingSquaredNorms?.Dispose();
    }

    private int[] SearchQueryBlock(FeatureMatrix queries, int start, int length, int k, IReadOnlyList<int>? excluded)
    {
        using var scope = NewDisposeScope();
        var block = tensor(queries.Values.AsSpan(start * queries.Dimension, length * queries.Dimension).ToArray(),
            [length, queries.Dimension]);
        if (Metric != NeighbourMetric.Euclidean)
        {
            block = Normalise(block);
        }

        // Scores where larger = nearer: similarity, |similarity|, or −‖q − t‖² (dropping the per-query constant ‖q‖²).
        Tensor? bestScores = null;
        Tensor? bestIndices = null;
        for (var offset = 0; offset < Count; offset += _trainingBlock)
        {
            var size = Math.Min(_trainingBlock, Count - offset);
            var training = _trainingRows.narrow(0, offset, size);
            var scores = block.matmul(training.T); // [length, size]
            scores = Metric switch
            {
                NeighbourMetric.Cosine => scores,
                NeighbourMetric.AbsoluteCosine => scores.abs(),
                _ => scores.Times(2) - _trainingSquaredNorms!.narrow(0, offset, size).unsqueeze(0),
            };
            if (excluded is not null)
            {
                for (var q = 0; q < length; q++)
                {
                    var skip = excluded[start + q] - offset;
                    if (skip >= 0 && skip < size)
                    {
                        scores[q, skip] = float.NegativeInfinity;
                    }
                }
            }

            var (values, indices) = scores.topk(Math.Min(k, size), dim: 1);
            indices = indices.Plus(offset);
            if (bestScores is null)
            {
                (bestScores, bestIndices) = (values, indices);
            }
            else
            {
                var (merged, positions) = cat([bestScores, values], 1).topk(k, dim: 1);
                bestIndices = cat([bestIndices!, indices], 1).gather(1, positions);
                bestScores = merged;
            }
        }

        return bestIndices!.contiguous().data<long>().ToArray().Select(i => (int)i).ToArray();
    }

    private double ExactMeasure(ReadOnlySpan<float> query, ReadOnlySpan<float> training)
    {
        double dot = 0, queryNorm = 0, trainingNorm = 0, squaredDistance = 0;
        for (var j = 0; j < query.Length; j++)
        {
            double a = query[j], b = training[j];
            dot += a * b;
            queryNorm += a * a;
            trainingNorm += b * b;
            squaredDistance += (a - b) * (a - b);
        }

        var cosine = queryNorm == 0 || trainingNorm == 0 ? 0 : dot / Math.Sqrt(queryNorm * trainingNorm);
        return Metric switch
        {
            NeighbourMetric.Cosine => cosine,
            NeighbourMetric.AbsoluteCosine => Math.Abs(cosine),
            _ => Math.Sqrt(squaredDistance),
        };
    }

    private static Tensor Normalise(Tensor rows) => rows / rows.norm(1, keepdim: true).ClampedBelowAt(1e-12f);
}
