namespace MemControl.Data.Splits;

/// <summary>
/// How subjects without a given split are divided. Fractions of subjects by default; a subject count, when given,
/// overrides the fraction for that split. The rest goes to training.
/// </summary>
public sealed record SplitOptions
{
    public double ValidationFraction { get; init; } = 0.1;

    public double TestFraction { get; init; } = 0.1;

    public int? ValidationSubjects { get; init; }

    public int? TestSubjects { get; init; }

    /// <summary>The shuffle seed: the same seed and subjects give the same split on every machine.</summary>
    public int Seed { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the option that is out of range.</summary>
    public void Validate()
    {
        if (ValidationFraction is < 0 or > 1 || double.IsNaN(ValidationFraction))
        {
            throw new ArgumentException($"{nameof(ValidationFraction)}: must lie in [0, 1], got {ValidationFraction}");
        }

        if (TestFraction is < 0 or > 1 || double.IsNaN(TestFraction))
        {
            throw new ArgumentException($"{nameof(TestFraction)}: must lie in [0, 1], got {TestFraction}");
        }

        if (ValidationSubjects is null && TestSubjects is null && ValidationFraction + TestFraction > 1)
        {
            throw new ArgumentException($"{nameof(ValidationFraction)} + {nameof(TestFraction)}: is {ValidationFraction + TestFraction}, more than 1");
        }

        if (ValidationSubjects < 0 || TestSubjects < 0)
        {
            throw new ArgumentException($"{nameof(ValidationSubjects)} and {nameof(TestSubjects)}: must not be negative");
        }
    }
}
