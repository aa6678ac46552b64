using System.Globalization;
using MemControl.Cli.Commands.Scale;
using MemControl.Cli.Search;
using MemControl.Metrics.Memorization;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Demo;
using MemControl.Workflow.Search;

namespace MemControl.Cli.Commands.Search;

/// <summary>
/// <c>memcontrol search</c>: the MemControl mask search (docs/decisions.md §7) into <c>&lt;out&gt;/search/</c>, with a live table of
/// trials in a terminal and plain lines otherwise. The work is <see cref="SearchRunner.Run"/>; this turns options into
/// <see cref="SearchOptions"/> and prints where the picked mask is.
/// </summary>
public sealed class SearchCommand(IAnsiConsole console, StatusConsole status) : Command<SearchSettings>
{
    public override int Execute(CommandContext context, SearchSettings settings, CancellationToken cancellationToken)
    {
        var options = Options(settings);
        var interactive = status.Console.Profile.Capabilities.Interactive;
        if (!interactive)
        {
            // One trial per line in logs, not wrapped at the 80 columns a redirected console assumes.
            status.Console.Profile.Width = Math.Max(status.Console.Profile.Width, 200);
        }

        ISearchProgress progress = interactive ? new LiveSearchProgress(status.Console) : new LineSearchProgress(status.Console.WriteLine);
        // The run checks the memorization set, a resumed study's settings, and resolution and precision against the
        // loaded model (SearchRunner), so its errors are worded with all three tables.
        var outcome = OptionNames.Check(() => SearchRunner.Run(options, progress, cancellationToken), OptionTables.Search, OptionTables.SearchMemorizationSet, OptionTables.SearchScale);
        var picked = outcome.Front.Picked;
        console.MarkupLineInterpolated(
            $"front of {outcome.Front.Front.Count} of {outcome.Front.All.Count} complete trials; picked {picked.Method} trial {picked.Trial}: memorization {picked.Memorization:0.#####}, FD {picked.Fd:0.###}");
        console.MarkupLineInterpolated($"mask: {outcome.MaskPath}");
        return 0;
    }

    /// <summary>
    /// The search the options describe: a profile's sizes (<c>--profile</c>) or the paper's, with every option given
    /// on the command line on top; a bad value is an ArgumentException naming its option.
    /// </summary>
    public static SearchOptions Options(SearchSettings settings)
    {
        var output = Path.Combine(Path.GetFullPath(settings.Out!), "search");
        var data = ManifestPath(settings.Data!);
        var start = settings.Profile is { } profile
            ? OptionNames.Parsed("--profile", () => DemoProfile.ByName(profile)).Search(settings.Model!, data, settings.Out!, settings.Seed, settings.Workers)
            : new SearchOptions { Model = settings.Model!, Data = data, Output = output };
        var (lowest, highest) = settings.LearningRateRange is { } range ? LearningRateRange(range) : (start.LowestLearningRate, start.HighestLearningRate);
        var options = start with
        {
            Model = settings.Model!,
            Data = data,
            Output = output,
            Method = settings.Method?.ToLowerInvariant() ?? start.Method,
            Space = settings.Space,
            Trials = settings.Trials ?? start.Trials,
            Population = settings.Population ?? start.Population,
            Storage = settings.Storage,
            Workers = settings.Workers,
            Steps = settings.Steps ?? start.Steps,
            BatchSize = settings.Batch ?? start.BatchSize,
            VanillaLearningRate = settings.LearningRate ?? start.VanillaLearningRate,
            LowestLearningRate = lowest,
            HighestLearningRate = highest,
            Objective = ObjectiveKind(settings.Objective),
            Aggregation = settings.Aggregation is { } aggregation ? AggregationKind(aggregation) : start.Aggregation,
            MemorizationCount = settings.MemorizationCount ?? start.MemorizationCount,
            MemorizationRepeats = settings.MemorizationRepeats ?? start.MemorizationRepeats,
            MemorizationManifest = settings.MemorizationSet is { } set ? Path.GetFullPath(set) : null,
            HpoFraction = settings.HpoFraction ?? start.HpoFraction,
            ValidationPrompts = settings.ValidationPrompts ?? start.ValidationPrompts,
            SamplesPerPrompt = settings.SamplesPerPrompt ?? start.SamplesPerPrompt,
            ValidationSamplesPerPrompt = settings.ValidationSamples ?? start.ValidationSamplesPerPrompt,
            ProbeTimesteps = settings.ProbeTimesteps ?? start.ProbeTimesteps,
            GenerationSteps = settings.GenerationSteps ?? start.GenerationSteps,
            GuidanceScale = settings.Guidance ?? start.GuidanceScale,
            Seed = settings.Seed,
            Device = settings.Device,
            TorchThreads = settings.Threads,
            Scale = ScaleOptions.Parse(settings.Resolution, settings.GradientCheckpointing, settings.GradAccum, settings.MixedPrecision, settings.CacheLatents),
            HeartbeatSeconds = settings.HeartbeatSeconds,
            GraceSeconds = settings.GraceSeconds,
        };
        OptionNames.Check(options.Validate, OptionTables.Search);
        return options;
    }

    /// <summary><c>--lr-range LOW:HIGH</c>, e.g. <c>1e-4:3e-2</c>; the order and sign are checked by <see cref="SearchOptions.Validate"/>.</summary>
    public static (double Lowest, double Highest) LearningRateRange(string text)
    {
        var parts = text.Split(':');
        return parts.Length == 2
               && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lowest)
               && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var highest)
            ? (lowest, highest)
            : throw new ArgumentException($"--lr-range: '{text}' is not LOW:HIGH (e.g. 1e-5:1e-3)");
    }

    public static MemorizationObjectiveKind ObjectiveKind(string name) => name.ToLowerInvariant() switch
    {
        "paper" => MemorizationObjectiveKind.Paper,
        "ratio" => MemorizationObjectiveKind.Ratio,
        "copying" => MemorizationObjectiveKind.Copying,
        _ => throw new ArgumentException($"--objective: unknown objective '{name}' (choose copying, ratio or paper)"),
    };

    public static ScoreAggregation AggregationKind(string name) => name.ToLowerInvariant() switch
    {
        "max" => ScoreAggregation.Max,
        "mean" => ScoreAggregation.Mean,
        _ => throw new ArgumentException($"--aggregation: unknown aggregation '{name}' (choose max or mean)"),
    };

    /// <summary>A manifest path, or the manifest.csv inside a folder (what `data phantoms` writes).</summary>
    private static string ManifestPath(string data) =>
        Directory.Exists(data) ? Path.Combine(data, "manifest.csv") : data;
}
