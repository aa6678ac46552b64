namespace MemControl.Workflow.Search;

/// <summary>
/// <c>trials/&lt;n&gt;/metrics.json</c>: what one trial trained and measured (docs/formats.md). Version 1.
/// </summary>
/// <param name="Memorization">Objective 1 (minimised), of kind <paramref name="Objective"/>.</param>
/// <param name="Fd">Objective 2 (minimised): FD-ResNet18 between generations for the validation prompts and their real images.</param>
/// <param name="PerPrompt">Objective 1 before aggregation, per memorization prompt.</param>
/// <param name="PlainScore">The <c>ratio</c> objective's denominator (plain prompts' aggregated strength); null otherwise.</param>
public sealed record TrialMetrics(
    int Version,
    int Trial,
    string Method,
    string Space,
    IReadOnlyList<int> Bits,
    double LearningRate,
    long TrainableCount,
    string Objective,
    double Memorization,
    double Fd,
    IReadOnlyList<double> PerPrompt,
    double? PlainScore,
    int Steps,
    double FinalLoss,
    double TrainSeconds,
    double EvaluateSeconds)
{
    public const int CurrentVersion = 1;

    /// <summary>The earlier trial with the same genes whose values this one reused (nothing trained), or null.</summary>
    public int? DuplicateOf { get; init; }
}
