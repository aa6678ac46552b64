namespace MemControl.Data.Checking;

/// <summary>The distribution of caption lengths in tokens: what a 77-token text encoder will see or cut.</summary>
public sealed record CaptionLengthSummary(int Minimum, int Median, double Mean, int Percentile95, int Maximum)
{
    public static CaptionLengthSummary From(IReadOnlyList<int> lengths)
    {
        if (lengths.Count == 0)
        {
            return new CaptionLengthSummary(0, 0, 0, 0, 0);
        }

        var sorted = lengths.Order().ToArray();
        return new CaptionLengthSummary(
            sorted[0],
            sorted[sorted.Length / 2],
            sorted.Average(),
            sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(0.95 * sorted.Length) - 1)],
            sorted[^1]);
    }
}
