using MemControl.Data.Splits;

namespace MemControl.Workflow.RunData;

/// <summary>What <see cref="DataPreparation"/> makes of a user's manifest (paper §4.1).</summary>
public sealed record DataPreparationOptions
{
    /// <summary>Size N of the memorization set M (the paper: 100).</summary>
    public int MemorizationCount { get; init; } = 100;

    /// <summary>How often each memorization row recurs in the training data (the paper: 50).</summary>
    public int MemorizationRepeats { get; init; } = 50;

    /// <summary>Share of subjects in the validation split (used when the manifest has no split column).</summary>
    public double ValidationFraction { get; init; } = SplitRule.ValidationFraction;

    /// <summary>Share of subjects in the test split (used when the manifest has no split column).</summary>
    public double TestFraction { get; init; } = SplitRule.TestFraction;

    public int Seed { get; init; }

    public SplitOptions Splits => new() { ValidationFraction = ValidationFraction, TestFraction = TestFraction, Seed = Seed };

    public void Validate()
    {
        if (MemorizationCount < 1)
        {
            throw new ArgumentException($"{nameof(MemorizationCount)}: must be at least 1, not {MemorizationCount}");
        }

        if (MemorizationRepeats < 1)
        {
            throw new ArgumentException($"{nameof(MemorizationRepeats)}: must be at least 1, not {MemorizationRepeats}");
        }

        Splits.Validate();
    }
}
