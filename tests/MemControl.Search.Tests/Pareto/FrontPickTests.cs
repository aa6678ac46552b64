using MemControl.Search.Pareto;

namespace MemControl.Search.Tests.Pareto;

public sealed class FrontPickTests
{
    private static readonly IReadOnlyList<double>[] Front = [[0, 100], [0.5, 40], [1, 0]];

    [Fact]
    public void Normalised_pick_takes_the_lowest_mean_of_front_normalised_objectives()
    {
        // When: normalised means are 0.5, 0.45, 0.5
        var picked = FrontPick.Pick(Front);

        // Then
        Assert.Equal(1, picked);
    }

    [Fact]
    public void Raw_pick_takes_the_lowest_mean_of_raw_values_as_the_paper()
    {
        // When: raw means are 50, 20.25, 0.5
        var picked = FrontPick.Pick(Front, normalise: false);

        // Then
        Assert.Equal(2, picked);
    }

    [Fact]
    public void An_empty_front_is_a_clear_error()
    {
        // When / Then
        Assert.Throws<ArgumentException>(() => FrontPick.Pick([]));
    }
}
