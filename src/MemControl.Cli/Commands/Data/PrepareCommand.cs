using System.ComponentModel;
using System.Globalization;
using MemControl.Workflow.RunData;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Data;

/// <summary>
/// <c>memcontrol data prepare</c>: a user's manifest → the run's data (splits, memorization set, training data with
/// the memorization rows repeated), which <c>search</c> and <c>benchmark</c> with the same <c>--out</c> then share.
/// </summary>
public sealed class PrepareCommand(IAnsiConsole console) : Command<PrepareCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--manifest <CSV>")]
        [Description("Your data: a manifest CSV (image, caption, subject[, split, labels]) — docs/data-formats.md.")]
        public string? Manifest { get; init; }

        [CommandOption("--out <RUN>")]
        [Description("The run folder: the data goes to <RUN>/data/; give the same --out to search, benchmark and report.")]
        public string? Out { get; init; }

        [CommandOption("--memorization-count <N>")]
        [Description("Size of the memorization set M, chosen from the training split by longest, mutually distinct captions (paper: 100).")]
        public int MemorizationCount { get; init; } = 100;

        [CommandOption("--repeats <R>")]
        [Description("How often each memorization row recurs in training.csv (paper: 50).")]
        public int Repeats { get; init; } = 50;

        [CommandOption("--split <TRAIN/VAL/TEST>")]
        [Description("Percent of subjects per split when the manifest has no split column (default 70/15/15).")]
        public string Split { get; init; } = "70/15/15";

        [CommandOption("--seed <K>")]
        [Description("Seed of the subject split.")]
        public int Seed { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Manifest) ? ValidationResult.Error("--manifest <CSV> is required")
            : string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out <RUN> is required")
            : ValidationResult.Success();
    }

    // Errors go to UserErrors like every workflow command's: 2 for a bad option, 3 for a bad or missing file.
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (validation, test) = SplitPercents(settings.Split);
        var options = new DataPreparationOptions
        {
            MemorizationCount = settings.MemorizationCount,
            MemorizationRepeats = settings.Repeats,
            ValidationFraction = validation,
            TestFraction = test,
            Seed = settings.Seed,
        };
        OptionNames.Check(options.Validate, OptionTables.Prepare);
        // The memorization set is drawn once the manifest is read: too large a count for its training split is found there.
        var prepared = OptionNames.Check(() => DataPreparation.Prepare(settings.Manifest!, settings.Out!, options), OptionTables.Prepare, OptionTables.PrepareMemorizationSet);
        console.WriteLine($"{prepared.Subjects} subjects: train {prepared.Train}, validation {prepared.Validation}, test {prepared.Test} rows → {prepared.Manifest}");
        console.WriteLine($"memorization set: {prepared.MemorizationCaptions.Count} rows, each {prepared.MemorizationRepeats} times in {prepared.Training} ({prepared.TrainingRows} rows) → {prepared.MemorizationSet}");
        foreach (var caption in prepared.MemorizationCaptions.Take(10))
        {
            console.WriteLine($"  {caption}");
        }

        if (prepared.MemorizationCaptions.Count > 10)
        {
            console.WriteLine($"  … and {prepared.MemorizationCaptions.Count - 10} more");
        }

        console.WriteLine($"next: memcontrol search --data {prepared.Manifest} --out {settings.Out} …; memcontrol benchmark --data {prepared.Training} --out {settings.Out} …");
        return 0;
    }

    /// <summary><c>70/15/15</c> → the validation and test fractions; the three must add up to 100.</summary>
    public static (double Validation, double Test) SplitPercents(string text)
    {
        var parts = text.Split('/');
        var numbers = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (numbers.Length != 3 || numbers.Any(v => !(v >= 0)) || Math.Abs(numbers.Sum() - 100) > 1e-9)
        {
            throw new ArgumentException($"--split: '{text}' is not TRAIN/VALIDATION/TEST percents adding up to 100 (e.g. 70/15/15)");
        }

        return (numbers[1] / 100, numbers[2] / 100);
    }
}
