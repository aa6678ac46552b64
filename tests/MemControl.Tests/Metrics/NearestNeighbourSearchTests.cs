using MemControl.Metrics.Features;
using MemControl.Metrics.Memorization;

namespace MemControl.Tests.Metrics;

public class NearestNeighbourSearchTests
{
    private static FeatureMatrix RandomFeatures(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        return new FeatureMatrix(Enumerable.Range(0, count * dimension).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(), count, dimension);
    }

    private static double BruteForce(FeatureMatrix a, int i, FeatureMatrix b, int j, NeighbourMetric metric)
    {
        double dot = 0, na = 0, nb = 0, squared = 0;
        for (var d = 0; d < a.Dimension; d++)
        {
            double x = a.Row(i)[d], y = b.Row(j)[d];
            dot += x * y;
            na += x * x;
            nb += y * y;
            squared += (x - y) * (x - y);
        }

        var cosine = dot / Math.Sqrt(na * nb);
        return metric switch
        {
            NeighbourMetric.Cosine => cosine,
            NeighbourMetric.AbsoluteCosine => Math.Abs(cosine),
            _ => Math.Sqrt(squared),
        };
    }

    [Theory]
    [InlineData(NeighbourMetric.Cosine)]
    [InlineData(NeighbourMetric.AbsoluteCosine)]
    [InlineData(NeighbourMetric.Euclidean)]
    public void Top_k_equals_brute_force_across_blocks(NeighbourMetric metric)
    {
        // Given: 500 training and 40 query vectors, blocks smaller than both so results are merged across blocks
        var training = RandomFeatures(500, 24, 1);
        var queries = RandomFeatures(40, 24, 2);
        using var search = new NearestNeighbourSearch(training, metric, trainingBlock: 64, queryBlock: 16);

        // When
        var found = search.NearestK(queries, 3);

        // Then: same indices and values as sorting all 500 exactly
        for (var q = 0; q < queries.Count; q++)
        {
            var ranked = Enumerable.Range(0, training.Count)
                .Select(t => (Index: t, Value: BruteForce(queries, q, training, t, metric)))
                .OrderBy(p => metric == NeighbourMetric.Euclidean ? p.Value : -p.Value)
                .Take(3).ToArray();
            Assert.Equal(ranked.Select(r => r.Index), found[q].Select(n => n.Index));
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(ranked[j].Value, found[q][j].Value, 1e-9);
            }
        }
    }

    [Fact]
    public void Excluding_the_query_itself_finds_the_nearest_other_row()
    {
        // Given: training rows searched with themselves as queries
        var training = RandomFeatures(50, 8, 3);
        using var search = new NearestNeighbourSearch(training, NeighbourMetric.Euclidean, trainingBlock: 16);

        // When
        var plain = search.Nearest(training);
        var others = search.NearestK(training, 1, Enumerable.Range(0, 50).ToArray());

        // Then: without exclusion each row finds itself at distance 0; with it, never itself
        Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(i, plain[i].Index));
        Assert.All(Enumerable.Range(0, 50), i => Assert.NotEqual(i, others[i][0].Index));
        var expected = Enumerable.Range(0, 50).Select(i => Enumerable.Range(0, 50).Where(t => t != i)
            .MinBy(t => BruteForce(training, i, training, t, NeighbourMetric.Euclidean))).ToArray();
        Assert.Equal(expected, others.Select(n => n[0].Index));
    }
}
