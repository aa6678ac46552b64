using MemControl.Search.Distributions;

namespace MemControl.Search.Samplers;

/// <summary>
/// Chooses parameter values (optuna's BaseSampler). At <see cref="Study.Ask"/> the sampler may propose values for
/// the whole search space at once (<see cref="SampleRelative"/>, how NSGA-II breeds a child); any parameter it
/// leaves out is drawn by <see cref="SampleIndependent"/> when the objective suggests it.
/// A sampler reads the study through <see cref="Study"/> (its storage handle), never through private state.
/// </summary>
public interface ISampler
{
    /// <summary>Called once a trial is claimed, before anything is sampled (e.g. to record its generation).</summary>
    void BeforeTrial(Study study, FrozenTrial trial);

    /// <summary>Internal values for some or all of <paramref name="searchSpace"/> (may be empty).</summary>
    IReadOnlyDictionary<string, double> SampleRelative(
        Study study, FrozenTrial trial, IReadOnlyDictionary<string, ParameterDistribution> searchSpace);

    /// <summary>The internal value of one parameter drawn on its own.</summary>
    double SampleIndependent(Study study, FrozenTrial trial, string name, ParameterDistribution distribution);
}
