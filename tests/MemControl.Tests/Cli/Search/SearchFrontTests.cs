using MemControl.Cli.Search;
using MemControl.Workflow.Search;

namespace MemControl.Tests.Cli.Search;

/// <summary>The front and pick of a search's points (docs/decisions.md §7), on hand-checked cases.</summary>
public sealed class SearchFrontTests
{
    [Fact]
    public void Dominated_points_leave_the_front_and_the_pick_has_the_lowest_mean_normalised_objectives()
    {
        // Given: (0, 10) and (1, 2) and (4, 0) are non-dominated; (2, 3) is dominated by (1, 2); (5, 5) by all.
        var points = new[] { Point(0, 0, 10), Point(1, 1, 2), Point(2, 2, 3), Point(3, 4, 0), Point(4, 5, 5) };

        // When
        var front = SearchFront.Of(points, "test");

        // Then: normalised over the front, (1, 2) scores (0.25 + 0.2) / 2 = 0.225 — lower than 0.5 at both ends.
        Assert.Equal([0, 1, 3], front.Front.Select(p => p.Trial));
        Assert.Equal(1, front.Picked.Trial);
        Assert.Equal(5, front.All.Count);
    }

    [Fact]
    public void Points_of_several_methods_compete_on_one_front()
    {
        // Given
        var points = new[] { Point(0, 1, 5, "svdiff"), Point(0, 2, 1, "difffit"), Point(0, 3, 6, "attention") };

        // When
        var front = SearchFront.Of(points, "test");

        // Then
        Assert.Equal(["svdiff", "difffit"], front.Front.Select(p => p.Method));
    }

    [Fact]
    public void No_complete_trial_is_a_clear_error()
    {
        // When
        var error = Assert.Throws<InvalidDataException>(() => SearchFront.Of([], "study x"));

        // Then
        Assert.Contains("study x: no trial completed", error.Message, StringComparison.Ordinal);
    }

    private static SearchPoint Point(int trial, double memorization, double fd, string method = "svdiff") =>
        new(method, trial, memorization, fd, "11", 1e-4, 10, Vanilla: false);
}
