using MemControl.Search.Pareto;

namespace MemControl.Search.Tests.Pareto;

/// <summary>Value tables for dominance, ranks and crowding distance (cf. optuna tests/samplers_tests/test_nsgaii.py).</summary>
public sealed class ParetoFrontTests
{
    [Theory]
    [InlineData(1, 2, 2, 3, true)]
    [InlineData(1, 2, 1, 2, false)]
    [InlineData(1, 3, 2, 2, false)]
    [InlineData(2, 2, 1, 3, false)]
    [InlineData(1, 2, 1, 3, true)]
    [InlineData(1, 3, 1, 2, false)]
    public void Dominates_means_no_worse_everywhere_and_better_somewhere(double a1, double a2, double b1, double b2, bool expected)
    {
        // When
        var dominates = ParetoFront.Dominates([a1, a2], [b1, b2]);

        // Then
        Assert.Equal(expected, dominates);
    }

    [Fact]
    public void Maximised_objectives_are_negated_into_losses()
    {
        // When
        var losses = ParetoFront.ToLosses([1.0, 2.0], [StudyDirection.Minimize, StudyDirection.Maximize]);

        // Then
        Assert.Equal([1.0, -2.0], losses);
    }

    [Fact]
    public void Non_dominated_ranks_peel_off_fronts_one_by_one()
    {
        // Given: three mutually non-dominated points, two dominated once, one dominated twice
        IReadOnlyList<double>[] points = [[1, 4], [2, 2], [4, 1], [3, 3], [5, 5], [2, 5]];

        // When
        var ranks = ParetoFront.NonDominatedRanks(points);

        // Then
        Assert.Equal([0, 0, 0, 1, 2, 1], ranks);
    }

    [Fact]
    public void Equal_points_share_a_rank()
    {
        // When
        var ranks = ParetoFront.NonDominatedRanks([[1, 1], [1, 1], [2, 2]]);

        // Then
        Assert.Equal([0, 0, 1], ranks);
    }

    [Fact]
    public void Crowding_distance_of_one_objective_is_the_normalised_gap_between_neighbours()
    {
        // Given: optuna's test_calc_crowding_distance table, values 5, 6, 9, 0 (width 9)
        IReadOnlyList<double>[] front = [[5], [6], [9], [0]];

        // When
        var distances = ParetoFront.CrowdingDistances(front);

        // Then
        Assert.Equal(6.0 / 9, distances[0], 12);
        Assert.Equal(4.0 / 9, distances[1], 12);
        Assert.Equal(double.PositiveInfinity, distances[2]);
        Assert.Equal(double.PositiveInfinity, distances[3]);
    }

    [Fact]
    public void Crowding_distance_sums_over_objectives()
    {
        // Given: the middle point's neighbours span each objective fully
        IReadOnlyList<double>[] front = [[0, 3], [1, 2], [3, 0]];

        // When
        var distances = ParetoFront.CrowdingDistances(front);

        // Then
        Assert.Equal(2.0, distances[1], 12);
        Assert.True(double.IsPositiveInfinity(distances[0]) && double.IsPositiveInfinity(distances[2]));
    }

    [Fact]
    public void Crowding_distance_is_zero_when_every_point_is_equal()
    {
        // When
        var distances = ParetoFront.CrowdingDistances([[1, 1], [1, 1], [1, 1]]);

        // Then
        Assert.Equal([0.0, 0.0, 0.0], distances);
    }
}
