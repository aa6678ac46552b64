namespace MemControl.Search;

/// <summary>
/// Yields each finished trial of a growing trial list exactly once, looking only at trials from the lowest
/// not-yet-seen number: incremental bookkeeping (search space, generation counts) at O(new trials) per call.
/// </summary>
public sealed class FinishedTrialScan
{
    private readonly HashSet<int> seenAbove = [];
    private int first;

    public List<FrozenTrial> NewlyFinished(IReadOnlyList<FrozenTrial> trials)
    {
        var result = new List<FrozenTrial>();
        for (var i = first; i < trials.Count; i++)
        {
            if (trials[i].State.IsFinished() && seenAbove.Add(i))
            {
                result.Add(trials[i]);
            }
        }

        while (seenAbove.Remove(first))
        {
            first++;
        }

        return result;
    }
}
