using System.Globalization;

namespace MemControl.Workflow.Benchmark;

/// <summary>A list of seeds as written by a user: <c>0,1,2</c>.</summary>
public static class SeedList
{
    public static IReadOnlyList<int> Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var seeds = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) || seed < 0)
            {
                throw new ArgumentException($"seeds: '{part}' is not a non-negative whole number (e.g. 0,1,2)");
            }

            if (seeds.Contains(seed))
            {
                throw new ArgumentException($"seeds: {seed} is listed twice");
            }

            seeds.Add(seed);
        }

        return seeds.Count > 0 ? seeds : throw new ArgumentException("seeds: no seed given (e.g. 0,1,2)");
    }
}
