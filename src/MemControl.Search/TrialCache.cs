namespace MemControl.Search;

/// <summary>
/// The study's trials, refreshed incrementally: a finished trial never changes (storage contract), so only trials
/// from the lowest unfinished number onwards are read again. This keeps each ask O(new + running trials) instead of
/// O(all trials) — what keeps the search from slowing down quadratically as the study grows.
/// </summary>
internal sealed class TrialCache(Storage.IStudyStorage storage, int studyId)
{
    private readonly List<FrozenTrial> trials = [];
    private int firstUnfinished;

    /// <summary>All trials by number; valid until the next <see cref="Refresh"/>.</summary>
    public IReadOnlyList<FrozenTrial> Trials => trials;

    public IReadOnlyList<FrozenTrial> Refresh()
    {
        foreach (var trial in storage.GetTrials(studyId, firstUnfinished))
        {
            if (trial.Number < trials.Count)
            {
                trials[trial.Number] = trial;
            }
            else if (trial.Number == trials.Count)
            {
                trials.Add(trial);
            }
            else
            {
                throw new InvalidOperationException($"storage returned trial number {trial.Number} after {trials.Count - 1}: numbers must be dense.");
            }
        }

        while (firstUnfinished < trials.Count && trials[firstUnfinished].State.IsFinished())
        {
            firstUnfinished++;
        }

        return trials;
    }
}
