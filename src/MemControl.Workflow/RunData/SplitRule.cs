using MemControl.Data.Splits;

namespace MemControl.Workflow.RunData;

/// <summary>
/// The one rule by which a run splits data that has no split column: by subject (no subject in two splits, paper §4.1),
/// 70 / 15 / 15 % of the subjects, seeded by the run's seed. Search, benchmark, demo and <c>data prepare</c> use it.
/// </summary>
public static class SplitRule
{
    public const double ValidationFraction = 0.15;

    public const double TestFraction = 0.15;

    public static SplitOptions Options(int seed) => new() { ValidationFraction = ValidationFraction, TestFraction = TestFraction, Seed = seed };
}
