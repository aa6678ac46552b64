namespace MemControl.Workflow.Benchmark;

/// <summary>
/// <c>benchmark/results.json</c>: the whole table as data (docs/formats.md), every finished row in table order with
/// the settings they were trained with. Rows finished by earlier runs (other <c>--rows</c>) are included.
/// </summary>
/// <param name="Model">The base model folder (or <c>builtin</c>).</param>
/// <param name="Data">The training data: a manifest path or <c>phantoms</c>.</param>
/// <param name="Steps">Optimizer steps per trained row.</param>
/// <param name="BatchSize">Batch size of every row.</param>
/// <param name="LearningRate">Learning rate of the method rows without their own (each row records the rate it used).</param>
/// <param name="Seed">Seed of every row's data order, noise and augmentation.</param>
/// <param name="CurveEvery">Steps between evaluated intermediate adapters; 0 = none.</param>
/// <param name="Rows">The finished rows in table order.</param>
public sealed record BenchmarkResults(
    string Model,
    string Data,
    int Steps,
    int BatchSize,
    double LearningRate,
    int Seed,
    int CurveEvery,
    IReadOnlyList<BenchmarkRowResult> Rows)
{
    /// <summary>Version of the results.json layout; bumped when a field changes meaning.</summary>
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    /// <summary>The seeds every row was trained and evaluated with (one, or several: then each row holds means and intervals).</summary>
    public IReadOnlyList<int>? Seeds { get; init; }

    /// <summary>Over several seeds: in words, which differences between rows are larger than their intervals and which are not.</summary>
    public IReadOnlyList<string>? Findings { get; init; }

    /// <summary>
    /// In words: the final front over all rows (baselines included) and whether the searched mask beats early-stopped
    /// full fine-tuning at equal quality (<see cref="BenchmarkComparisons"/>).
    /// </summary>
    public IReadOnlyList<string>? Comparisons { get; init; }

    /// <summary>The method rows' own learning rates (<c>--method-lr</c>), replacing <see cref="LearningRate"/>.</summary>
    public IReadOnlyDictionary<string, double> MethodLearningRates { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);
}
