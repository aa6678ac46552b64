using MemControl.Search.Pareto;
using MemControl.Search.Problems;

namespace MemControl.Search.Tests.Pareto;

public sealed class HypervolumeTests
{
    [Fact]
    public void A_staircase_of_three_points_covers_the_sum_of_its_steps()
    {
        // Given: steps of 3×1, 2×1 and 1×1 under the reference (4, 4)
        (double, double)[] points = [(1, 3), (2, 2), (3, 1)];

        // When
        var area = Hypervolume.Of2D(points, (4, 4));

        // Then
        Assert.Equal(6.0, area, 12);
    }

    [Fact]
    public void Dominated_points_and_points_beyond_the_reference_add_nothing()
    {
        // Given
        (double, double)[] points = [(1, 3), (2, 2), (3, 1), (3, 3), (5, 0), (2, 2)];

        // When
        var area = Hypervolume.Of2D(points, (4, 4));

        // Then
        Assert.Equal(6.0, area, 12);
    }

    [Theory]
    [InlineData("zdt1", 0.8767)] // ∫₀¹(0.1 + √f)df + 0.11 = 0.1 + 2/3 + 0.11
    [InlineData("zdt2", 0.5433)] // ∫₀¹(0.1 + f²)df + 0.11 = 0.1 + 1/3 + 0.11
    [InlineData("zdt4", 0.8767)] // the same front as ZDT1
    public void The_true_zdt_fronts_have_their_analytic_hypervolume_at_1_1(string problem, double expected)
    {
        // Given
        var front = BenchmarkProblems.ByName(problem).TrueFront(100_001);

        // When
        var area = Hypervolume.Of2D(front, (1.1, 1.1));

        // Then
        Assert.Equal(expected, area, 4);
    }

    [Fact]
    public void The_lotz_front_has_the_staircase_area_of_its_n_plus_one_points()
    {
        // Given: 4 bits, front (0, 1), (0.25, 0.75), (0.5, 0.5), (0.75, 0.25), (1, 0): by hand,
        // 1.1 × 0.1 + 0.25 × (0.85 + 0.6 + 0.35 + 0.1) = 0.585
        var front = new LotzProblem(4).TrueFront(0);
        const double expected = 0.585;

        // When
        var area = Hypervolume.Of2D(front, (1.1, 1.1));

        // Then
        Assert.Equal(expected, area, 12);
    }
}
