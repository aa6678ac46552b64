using System.Globalization;
using MemControl.Search.Distributions;

namespace MemControl.Search.Samplers;

/// <summary>
/// Evaluates a given list of configurations (e.g. named masks), one per trial, each once. Each trial records the
/// index of its grid point (system attribute <c>grid_id</c>); a new trial takes the lowest index no other trial has
/// taken, so several workers share the grid. Once every point is taken, <see cref="IsExhausted"/> says so and
/// further trials are drawn at random. Parameters not in the grid are drawn at random.
/// </summary>
public sealed class GridSampler : ISampler
{
    public const string GridIdKey = "grid_id";

    private readonly IReadOnlyList<IReadOnlyDictionary<string, double>> grid;
    private readonly RandomSampler fallback;

    /// <param name="grid">Internal values per parameter name, one dictionary per grid point.</param>
    public GridSampler(IReadOnlyList<IReadOnlyDictionary<string, double>> grid, int? seed = null)
    {
        if (grid.Count == 0)
        {
            throw new ArgumentException("grid sampler: the grid is empty.");
        }

        this.grid = grid;
        fallback = new RandomSampler(seed);
    }

    /// <summary>True when every grid point has been handed to some trial.</summary>
    public bool IsExhausted(Study study)
    {
        study.GetTrials();
        return NextFreeIndex(study, excludeTrialId: null) is null;
    }

    public void BeforeTrial(Study study, FrozenTrial trial)
    {
        if (trial.SystemAttributeInt(GridIdKey) is not null)
        {
            return;
        }

        if (NextFreeIndex(study, trial.TrialId) is { } index)
        {
            study.Storage.SetTrialSystemAttribute(trial.TrialId, GridIdKey, index.ToString(CultureInfo.InvariantCulture));
        }
    }

    public IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, ParameterDistribution> searchSpace)
    {
        var index = study.Storage.GetTrial(trial.TrialId).SystemAttributeInt(GridIdKey);
        return index is { } i ? grid[i] : new Dictionary<string, double>();
    }

    public double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution)
    {
        var index = study.Storage.GetTrial(trial.TrialId).SystemAttributeInt(GridIdKey);
        if (index is { } i && grid[i].TryGetValue(name, out var value))
        {
            return distribution.Contains(value)
                ? value
                : throw new ArgumentException($"grid point {i}: value {value} of '{name}' is outside its distribution.");
        }

        return fallback.SampleIndependent(study, trial, name, distribution);
    }

    private int? NextFreeIndex(Study study, long? excludeTrialId)
    {
        var taken = study.Trials
            .Where(t => t.TrialId != excludeTrialId && t.State != TrialState.Failed)
            .Select(t => t.SystemAttributeInt(GridIdKey))
            .OfType<int>()
            .ToHashSet();
        for (var i = 0; i < grid.Count; i++)
        {
            if (!taken.Contains(i))
            {
                return i;
            }
        }

        return null;
    }
}
