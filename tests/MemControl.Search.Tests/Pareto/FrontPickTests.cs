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

    [Fact]
    public void A_two_point_front_is_always_a_tie_and_the_first_point_is_kept()
    {
        // When: normalised, each point scores (0 + 1) / 2
        IReadOnlyList<double>[] front = [[0.8, 480], [0.9, 470]];

        // Then
        Assert.Equal(0, FrontPick.Pick(front));
        Assert.Equal([0, 1], FrontPick.Tied(front));
    }

    [Fact]
    public void A_clear_pick_ties_with_no_other_point()
    {
        Assert.Equal([1], FrontPick.Tied(Front));
        Assert.Equal([0.5, 0.45, 0.5], FrontPick.Scores(Front).Select(s => Math.Round(s, 12)));
    }
}
