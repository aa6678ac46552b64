namespace MemControl.Metrics.Evaluation;

/// <summary>One progress report of an evaluation: <paramref name="Done"/> of <paramref name="Total"/> units of a named stage.</summary>
public readonly record struct EvaluationProgress(string Stage, int Done, int Total);
