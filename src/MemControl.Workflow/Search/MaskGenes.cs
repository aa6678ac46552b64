using MemControl.Peft.Masks;
using MemControl.Search;
using MemControl.Search.Distributions;

namespace MemControl.Workflow.Search;

/// <summary>
/// The genes of one trial (docs/decisions.md §4, §7): one 0/1 gene per mask bit, named by the module path it gates, from
/// <see cref="MaskLayout"/> (so a study's parameters read as the model's blocks), and the learning rate as a
/// log-uniform float, by default in docs/decisions.md §4's [1e-5, 1e-3] (sized for SD-1.5; a small model's bias and scale methods
/// need a higher range, so the search takes another with <c>--lr-range</c>).
/// </summary>
public static class MaskGenes
{
    public const string LearningRateGene = "learning_rate";

    public const double LowestLearningRate = 1e-5;

    public const double HighestLearningRate = 1e-3;

    /// <summary>The learning-rate gene over [<paramref name="lowest"/>, <paramref name="highest"/>], log-uniform.</summary>
    public static FloatDistribution LearningRate(double lowest, double highest) => new(lowest, highest, log: true);

    /// <summary>The trial's mask and learning rate (fixed values for enqueued trials, else the sampler's).</summary>
    public static (LayerMask Mask, double LearningRate) Suggest(Trial trial, MaskLayout layout, FloatDistribution learningRates)
    {
        var names = UsesLegacyNames(trial.Study, layout)
            ? layout.Units.Select(unit => unit.LegacyName!)
            : layout.Units.Select(unit => unit.Name);
        var bits = names.Select(trial.SuggestBool).ToArray();
        var learningRate = trial.Suggest(LearningRateGene, learningRates);
        return (new LayerMask(layout.Space, bits), learningRate);
    }

    /// <summary>The vanilla configuration: every bit 1 (the method unmasked) at <paramref name="learningRate"/>.</summary>
    public static IReadOnlyDictionary<string, (ParameterDistribution Distribution, object Value)> Vanilla(MaskLayout layout, FloatDistribution learningRates, double learningRate)
    {
        var genes = layout.Units.ToDictionary(unit => unit.Name, _ => ((ParameterDistribution)new BoolDistribution(), (object)true));
        genes[LearningRateGene] = (learningRates, learningRate);
        return genes;
    }

    /// <summary>A finished trial's mask and learning rate, read back from its stored genes.</summary>
    public static (LayerMask Mask, double LearningRate) Read(FrozenTrial trial, MaskLayout layout) =>
        (new LayerMask(layout.Space, layout.Units.Select(unit => Bit(trial, unit)
            ?? throw new InvalidDataException($"trial {trial.Number} has no gene '{unit.Name}'")).ToArray()), trial.Params[LearningRateGene]);

    /// <summary>
    /// Whether <paramref name="study"/> was started before fine-space genes were named by their module paths. Its new
    /// trials keep the old names, so that all its trials stay one search space for NSGA-II (its parents are read by gene
    /// name) and a re-queued trial repeats its stored genes.
    /// </summary>
    public static bool UsesLegacyNames(Study study, MaskLayout layout) =>
        layout.Units.All(unit => unit.LegacyName is not null)
        && study.GetTrials().Any(trial => layout.Units.Any(unit => trial.Params.ContainsKey(unit.LegacyName!)));

    /// <summary>
    /// The trial's gene for <paramref name="unit"/>, or null when it has none (a trial that had not suggested it). A study
    /// saved before fine-space genes were named by their module paths holds the old name (<see cref="MaskUnit.LegacyName"/>).
    /// </summary>
    public static bool? Bit(FrozenTrial trial, MaskUnit unit) =>
        trial.Params.TryGetValue(unit.Name, out var bit) || (unit.LegacyName is { } legacy && trial.Params.TryGetValue(legacy, out bit))
            ? bit != 0
            : null;
}
