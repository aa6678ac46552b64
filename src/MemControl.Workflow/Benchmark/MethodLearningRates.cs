using System.Globalization;

namespace MemControl.Workflow.Benchmark;

/// <summary>Learning rates of single methods that replace the benchmark's common rate for them (paper §5: PEFT methods
/// that train only scales and biases need higher rates than full fine-tuning).</summary>
public static class MethodLearningRates
{
    /// <summary>The methods a rate can be given for.</summary>
    public static IReadOnlyList<string> Methods { get; } = ["full", "svdiff", "difffit", "attention"];

    /// <summary>Parses <c>difffit=1e-2,svdiff=1e-2</c>; null or empty gives no overrides.</summary>
    public static IReadOnlyDictionary<string, double> Parse(string? text)
    {
        var rates = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !Methods.Contains(parts[0])
                || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || !(rate > 0) || !double.IsFinite(rate))
            {
                throw new ArgumentException($"method learning rates: '{pair}' is not METHOD=RATE with METHOD one of {string.Join(", ", Methods)} and RATE a positive number (e.g. difffit=1e-2)");
            }

            rates[parts[0]] = rate;
        }

        return rates;
    }
}
