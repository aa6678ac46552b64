using System.Text.Json;
using MemControl.Search.Distributions;

namespace MemControl.Search;

/// <summary>
/// A running trial handed out by <see cref="Study.Ask"/> (optuna's Trial): the objective asks it for parameter
/// values. A value comes, in this order, from the trial's fixed parameters (enqueued or re-queued trials), from
/// the sampler's proposal for the whole search space (e.g. an NSGA-II child), or from the sampler's independent
/// draw. Each value is written to storage at once, so a re-queued trial repeats exactly what was tried.
/// </summary>
public sealed class Trial
{
    private readonly Study study;
    private readonly FrozenTrial claimed;
    private readonly IReadOnlyDictionary<string, double> relative;
    private readonly IReadOnlyDictionary<string, ParameterDistribution> searchSpace;
    private readonly Dictionary<string, double> values = [];
    private readonly Dictionary<string, ParameterDistribution> distributions = [];

    internal Trial(
        Study study,
        FrozenTrial claimed,
        IReadOnlyDictionary<string, double> relative,
        IReadOnlyDictionary<string, ParameterDistribution> searchSpace)
    {
        this.study = study;
        this.claimed = claimed;
        this.relative = relative;
        this.searchSpace = searchSpace;
    }

    public long TrialId => claimed.TrialId;

    /// <summary>The study the trial belongs to (an objective may read its other trials).</summary>
    public Study Study => study;

    public int Number => claimed.Number;

    /// <summary>The internal values suggested so far.</summary>
    public IReadOnlyDictionary<string, double> Params => values;

    public IReadOnlyDictionary<string, ParameterDistribution> Distributions => distributions;

    /// <summary>The claimed trial as storage handed it out (fixed parameters, system attributes).</summary>
    public FrozenTrial Claimed => claimed;

    public bool SuggestBool(string name) => Suggest(name, new BoolDistribution()) != 0;

    public long SuggestInt(string name, long low, long high) => (long)Suggest(name, new IntDistribution(low, high));

    public double SuggestFloat(string name, double low, double high, bool log = false) =>
        Suggest(name, new FloatDistribution(low, high, log));

    public string SuggestCategorical(string name, IReadOnlyList<string> choices)
    {
        var distribution = new CategoricalDistribution(choices);
        return distribution.Choices[(int)Suggest(name, distribution)];
    }

    /// <summary>
    /// A finished trial of the study whose parameters equal every one suggested here so far, or null. An objective
    /// that is a deterministic function of the parameters can return its values instead of computing them again
    /// (NSGA-II's crossover and mutation re-propose configurations it has already tried, often in small spaces).
    /// </summary>
    public FrozenTrial? FinishedTwin() => study.GetTrials().FirstOrDefault(t =>
        t.State == TrialState.Complete && t.Number != Number && t.Values is not null
        && t.Params.Count == values.Count && values.All(v => t.Params.TryGetValue(v.Key, out var other) && other == v.Value));

    /// <summary>Records a value beyond the objectives (a metric, a path) with the trial.</summary>
    public void SetUserAttribute(string key, object value) =>
        study.Storage.SetTrialUserAttribute(TrialId, key, JsonSerializer.Serialize(value));

    /// <summary>The internal value of a parameter with the given distribution (see the class summary).</summary>
    public double Suggest(string name, ParameterDistribution distribution)
    {
        if (values.TryGetValue(name, out var known))
        {
            return distributions[name] == distribution
                ? known
                : throw new ArgumentException($"parameter '{name}' was suggested twice with different ranges ({distributions[name].ToJson()} and {distribution.ToJson()}).");
        }

        double value;
        if (claimed.Params.TryGetValue(name, out var fixedValue))
        {
            value = distribution.Contains(fixedValue)
                ? fixedValue
                : throw new ArgumentException($"trial {Number}: enqueued value {fixedValue} of '{name}' is outside {distribution.ToJson()}.");
        }
        else if (relative.TryGetValue(name, out var proposed) && searchSpace.TryGetValue(name, out var known2) && known2 == distribution)
        {
            value = proposed;
        }
        else
        {
            value = study.Sampler.SampleIndependent(study, claimed, name, distribution);
        }

        if (!claimed.Params.ContainsKey(name))
        {
            study.Storage.SetTrialParameter(TrialId, name, distribution, value);
        }

        values[name] = value;
        distributions[name] = distribution;
        return value;
    }
}
