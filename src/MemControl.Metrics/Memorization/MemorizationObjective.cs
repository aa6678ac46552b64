using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// The search's memorization objective (docs/decisions.md §6), one of:
/// <list type="bullet">
/// <item><c>paper</c>: denoising strength at fixed draws on the memorization set, aggregated (max by default);</item>
/// <item><c>ratio</c>: that value divided by the same on plain, non-duplicated prompts — raw strength grows when
/// attention is tuned even without copying (docs/prototype.md), the ratio cancels that;</item>
/// <item><c>copying</c>: a few samples per memorization prompt, the aggregated per-prompt copied share (§8).</item>
/// </list>
/// </summary>
public sealed class MemorizationObjective
{
    private readonly DenoisingStrengthProbe? _memorization;
    private readonly DenoisingStrengthProbe? _plain;
    private readonly Tensor? _trainingImages;
    private readonly IReadOnlyList<int>? _ownTrainingIndex;

    private MemorizationObjective(MemorizationObjectiveKind kind, ScoreAggregation aggregation, DenoisingStrengthProbe? memorization,
        DenoisingStrengthProbe? plain, Tensor? trainingImages, IReadOnlyList<int>? ownTrainingIndex, int samplesPerPrompt, double threshold)
    {
        Kind = kind;
        Aggregation = aggregation;
        _memorization = memorization;
        _plain = plain;
        _trainingImages = trainingImages;
        _ownTrainingIndex = ownTrainingIndex;
        SamplesPerPrompt = samplesPerPrompt;
        CopyingThreshold = threshold;
    }

    public MemorizationObjectiveKind Kind { get; }

    public ScoreAggregation Aggregation { get; }

    public int SamplesPerPrompt { get; }

    public double CopyingThreshold { get; }

    /// <summary>The paper's objective: aggregated denoising strength on the memorization set.</summary>
    public static MemorizationObjective Paper(DenoisingStrengthProbe memorizationSet, ScoreAggregation aggregation = ScoreAggregation.Max) =>
        new(MemorizationObjectiveKind.Paper, aggregation, memorizationSet ?? throw new ArgumentNullException(nameof(memorizationSet)),
            null, null, null, 0, 0);

    /// <summary>Memorization-set score over plain-prompt score, both aggregated the same way.</summary>
    public static MemorizationObjective Ratio(DenoisingStrengthProbe memorizationSet, DenoisingStrengthProbe plainPrompts,
        ScoreAggregation aggregation = ScoreAggregation.Max) =>
        new(MemorizationObjectiveKind.Ratio, aggregation, memorizationSet ?? throw new ArgumentNullException(nameof(memorizationSet)),
            plainPrompts ?? throw new ArgumentNullException(nameof(plainPrompts)), null, null, 0, 0);

    /// <summary>Copying of own training images by <paramref name="samplesPerPrompt"/> samples per memorization prompt.</summary>
    /// <param name="trainingImages">Training images <c>[T, C, H, W]</c> in [-1, 1] searched for the nearest image.</param>
    /// <param name="ownTrainingIndex">Per memorization prompt, the row of its training image.</param>
    public static MemorizationObjective Copying(Tensor trainingImages, IReadOnlyList<int> ownTrainingIndex, int samplesPerPrompt = 4,
        double threshold = CopyingScore.DefaultThreshold, ScoreAggregation aggregation = ScoreAggregation.Mean)
    {
        ArgumentNullException.ThrowIfNull(trainingImages);
        ArgumentNullException.ThrowIfNull(ownTrainingIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerPrompt);
        return new(MemorizationObjectiveKind.Copying, aggregation, null, null, trainingImages, ownTrainingIndex, samplesPerPrompt, threshold);
    }

    /// <summary>Evaluates a model: <paramref name="model"/> for the denoising-strength kinds, <paramref name="sampler"/> for copying.</summary>
    public MemorizationScore Evaluate(INoisePredictor? model, PromptSampler? sampler = null)
    {
        switch (Kind)
        {
            case MemorizationObjectiveKind.Paper:
            {
                var perSample = _memorization!.Measure(model ?? throw new ArgumentNullException(nameof(model)));
                return new MemorizationScore(Aggregate(perSample), Kind, perSample);
            }

            case MemorizationObjectiveKind.Ratio:
            {
                ArgumentNullException.ThrowIfNull(model);
                var perSample = _memorization!.Measure(model);
                var plain = Aggregate(_plain!.Measure(model));
                return new MemorizationScore(Aggregate(perSample) / plain, Kind, perSample, plain);
            }

            default:
            {
                ArgumentNullException.ThrowIfNull(sampler);
                var samples = new List<Tensor>();
                try
                {
                    for (var p = 0; p < _ownTrainingIndex!.Count; p++)
                    {
                        samples.Add(sampler(p, SamplesPerPrompt));
                    }

                    var copying = CopyingScore.Measure(samples, _ownTrainingIndex, _trainingImages!, CopyingThreshold);
                    var perPrompt = copying.Prompts.Select(c => c.CopiedShare).ToArray();
                    return new MemorizationScore(Aggregate(perPrompt), Kind, perPrompt, Copying: copying);
                }
                finally
                {
                    samples.ForEach(s => s.Dispose());
                }
            }
        }
    }

    private double Aggregate(IReadOnlyList<double> values) => Aggregation == ScoreAggregation.Max ? values.Max() : values.Average();
}
