using MemControl.Search.Samplers.NsgaII;

namespace MemControl.Search.Tests.Samplers;

public sealed class EliteSelectionTests
{
    private static FrozenTrial Trial(int number, double f1, double f2) =>
        new() { TrialId = number, Number = number, State = TrialState.Complete, Values = [f1, f2] };

    [Fact]
    public void Keeps_whole_fronts_then_truncates_the_last_by_crowding_distance()
    {
        // Given: front 0 = {0, 1}; front 1 = {2, 3, 4, 5} where 3 is the most crowded inner point (0.68 against 1.4)
        FrozenTrial[] population =
        [
            Trial(0, 0, 1), Trial(1, 1, 0),
            Trial(2, 0.5, 3), Trial(3, 1, 2), Trial(4, 1.1, 1.9), Trial(5, 3, 0.5),
        ];

        // When: room for 5
        var elite = new EliteSelection(5).Select(population, [StudyDirection.Minimize, StudyDirection.Minimize], new Random(1));

        // Then
        Assert.Equal([0, 1, 2, 4, 5], elite.Select(t => t.Number).Order());
    }

    [Fact]
    public void Respects_maximised_objectives()
    {
        // Given: maximising f2, trial 1 (f2 = 5) dominates trial 0 (f2 = 1); trial 2 is better in f1
        FrozenTrial[] population = [Trial(0, 1, 1), Trial(1, 1, 5), Trial(2, 0, 0)];

        // When
        var elite = new EliteSelection(2).Select(population, [StudyDirection.Minimize, StudyDirection.Maximize], new Random(1));

        // Then
        Assert.Contains(elite, t => t.Number == 1);
        Assert.DoesNotContain(elite, t => t.Number == 0);
    }
}
