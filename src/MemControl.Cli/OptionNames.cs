using System.Text.RegularExpressions;

namespace MemControl.Cli;

/// <summary>
/// The one place library errors meet command-line words: library code names its properties ("FirstSteps: …") or
/// says what it parsed, and a command re-words the error with the options the user typed.
/// </summary>
public static class OptionNames
{
    /// <summary>The paper-scale properties (TrainingScale, FineTuneOptions, EvaluationOptions) and their options (docs/scale.md).</summary>
    public static IReadOnlyDictionary<string, string> Scale { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Resolution"] = "--resolution",
        ["GradientCheckpointing"] = "--gradient-checkpointing",
        ["GradientAccumulationSteps"] = "--grad-accum",
        ["MixedPrecision"] = "--mixed-precision",
        ["LatentCache"] = "--cache-latents",
        ["CacheLatents"] = "--cache-latents",
    };

    /// <summary>
    /// Runs library work and returns its result; an <see cref="ArgumentException"/> it throws is re-worded as in
    /// <see cref="Check(Action, IReadOnlyDictionary{string, string})"/> (for settings checked only once a model is loaded).
    /// </summary>
    public static T Check<T>(Func<T> run, IReadOnlyDictionary<string, string> options)
    {
        var result = default(T);
        Check(() => { result = run(); }, options);
        return result!;
    }

    /// <summary>
    /// Runs a library check; its <see cref="ArgumentException"/> is re-thrown with every property name the message
    /// holds replaced by its option (<paramref name="options"/>: property → option).
    /// </summary>
    public static void Check(Action check, IReadOnlyDictionary<string, string> options)
    {
        try
        {
            check();
        }
        catch (ArgumentException error)
        {
            var pattern = $@"\b({string.Join('|', options.Keys.Select(Regex.Escape))})\b";
            throw new ArgumentException(Regex.Replace(error.Message, pattern, match => options[match.Value]), error);
        }
    }

    /// <summary>A value parsed by the library from one option: its error is prefixed with the option's name.</summary>
    public static T Parsed<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{option}: {error.Message}", error);
        }
    }
}
