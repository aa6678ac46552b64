using System.Globalization;
using MemControl.Cli.Commands.Scale;
using MemControl.Cli.Commands.Train;
using MemControl.Metrics.Evaluation;
using MemControl.Models.Runtime;
using MemControl.Training;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Workflow.Benchmark;
using MemControl.Workflow.Demo;
using MemControl.Workflow.FineTuning;
using MemControl.Workflow;

namespace MemControl.Cli.Commands.Benchmark;

/// <summary>
/// <c>memcontrol benchmark</c>: the paper's Table 1 on the user's data (docs/decisions.md §10) — every row trained and evaluated
/// into <c>&lt;out&gt;/benchmark/rows/&lt;id&gt;/</c>, then results.json, table.md/.csv/.html and curves.png.
/// Re-running skips finished rows, so an interrupted benchmark continues where it stopped.
/// </summary>
public sealed class BenchmarkCommand(IAnsiConsole console, StatusConsole status) : Command<BenchmarkSettings>
{
    public override int Execute(CommandContext context, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        // Everything the user typed is checked before the (slow) model loads.
        var plan = Plan(settings);
        var rows = Rows(settings, plan, status.Console);
        status.Console.MarkupLineInterpolated($"benchmark of {rows.Count} rows ({string.Join(", ", rows.Select(r => r.Id))}) into {plan.BenchmarkFolder}");
        var results = OptionNames.Check(
            () => BenchmarkSeeds.Run(plan, rows, line => status.Console.WriteLine(line), BenchmarkStepLines.Every10th(plan.Steps, line => status.Console.WriteLine(line)), cancellationToken, settings.Workers),
            OptionTables.BenchmarkScale);

        console.WriteLine();
        console.WriteLine(BenchmarkOutputs.TableWithFindings(results));
        console.MarkupLineInterpolated(
            $"wrote {BenchmarkOutputs.ResultsFile}, {BenchmarkOutputs.MarkdownFile}, {BenchmarkOutputs.CsvFile}, {BenchmarkOutputs.HtmlFile} ({results.Rows.Count} finished rows) to {plan.BenchmarkFolder}");
        return 0;
    }

    /// <summary>
    /// The rows the options ask for (--rows, else the profile's, else all); without --rows and without a searched mask
    /// the memcontrol rows are left out, with a warning.
    /// </summary>
    public static IReadOnlyList<BenchmarkRow> Rows(BenchmarkSettings settings, BenchmarkPlan plan, IAnsiConsole console)
    {
        var rowsOption = settings.Rows ?? (settings.Profile is { } profile ? OptionNames.Parsed("--profile", () => DemoProfile.ByName(profile)).BenchmarkRows : null);
        var rows = OptionNames.Parsed("--rows", () => BenchmarkRows.Select(rowsOption));
        if (rowsOption is null && !File.Exists(plan.MaskPath))
        {
            rows = rows.Where(row => !row.UsesSearchedMask).ToList();
            console.MarkupLineInterpolated($"[yellow]no searched mask at {plan.MaskPath}: the memcontrol rows are left out (give --mask or run search first)[/]");
        }

        return rows;
    }

    private static readonly string[] Methods = ["full", "svdiff", "difffit", "attention"];

    /// <summary>
    /// The plan the options describe: a profile's sizes (<c>--profile</c>) or the plain defaults, with every option
    /// given on the command line on top; a bad value is an <see cref="ArgumentException"/> naming its option.
    /// </summary>
    public static BenchmarkPlan Plan(BenchmarkSettings settings)
    {
        var start = settings.Profile is { } profile
            ? OptionNames.Parsed("--profile", () => DemoProfile.ByName(profile)).Benchmark(settings.Model!, settings.Data!, settings.Out!, settings.Seed)
            : new BenchmarkPlan { Model = settings.Model!, Data = settings.Data!, RunFolder = settings.Out! };
        var steps = settings.Steps ?? start.Steps;
        var batch = settings.Batch ?? start.BatchSize;
        var learningRate = settings.LearningRate ?? start.LearningRate;
        OptionNames.Check(new FineTuneOptions { Steps = steps, BatchSize = batch, LearningRate = learningRate }.Validate, OptionTables.BenchmarkTraining);
        var methodLearningRates = settings.MethodLearningRates is { } rates ? OptionNames.Parsed("--method-lr", () => MethodLearningRates.Parse(rates)) : start.MethodLearningRates;
        if (settings.Workers < 1)
        {
            throw new ArgumentException($"--workers: must be at least 1, not {settings.Workers}");
        }

        var evaluation = start.Evaluation with
        {
            ImagesPerPrompt = settings.Count ?? start.Evaluation.ImagesPerPrompt,
            SamplesPerMemorizationPrompt = settings.MemorizationSamples ?? start.Evaluation.SamplesPerMemorizationPrompt,
            Steps = settings.SamplingSteps ?? start.Evaluation.Steps,
            GuidanceScale = settings.Guidance ?? start.Evaluation.GuidanceScale,
            Seed = settings.Seed,
        };
        if (evaluation.Steps < 1)
        {
            throw new ArgumentException($"--sampling-steps: must be at least 1, not {evaluation.Steps}");
        }

        if (evaluation.ImagesPerPrompt < 1)
        {
            throw new ArgumentException($"--count: must be at least 1, not {evaluation.ImagesPerPrompt}");
        }

        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        var rwa = OptionNames.Parsed("--rwa", () => MitigationChoice.Parse(settings.Rwa));
        if (rwa.Kind is not (MitigationKind.Rwa or MitigationKind.RwaOfficial))
        {
            throw new ArgumentException($"--rwa: '{settings.Rwa}' is not an RWA (choose rwa or rwa-official)");
        }

        MitigationChoice threshold;
        try
        {
            threshold = MitigationChoice.Parse($"threshold:{settings.Threshold}");
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"--threshold: '{settings.Threshold}' is not a threshold (give a positive τ such as 2.5, or auto)", error);
        }

        var curveRows = settings.CurveRows.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        if (curveRows.FirstOrDefault(id => BenchmarkRows.Find(id) is null) is { } unknown)
        {
            throw new ArgumentException($"--curve-rows: unknown row '{unknown}' (choose from {string.Join(", ", BenchmarkRows.All.Select(row => row.Id))})");
        }

        OptionNames.Check(evaluation.Validate, OptionTables.BenchmarkEvaluation);
        if (settings.Mask is not null && !File.Exists(settings.Mask))
        {
            throw new FileNotFoundException($"--mask: '{settings.Mask}' does not exist", settings.Mask);
        }

        if (settings.MemorizationSet is not null && !File.Exists(settings.MemorizationSet))
        {
            throw new FileNotFoundException($"--memorization-set: '{settings.MemorizationSet}' does not exist", settings.MemorizationSet);
        }

        if (settings.Data != DataSources.Phantoms && !File.Exists(settings.Data))
        {
            throw new FileNotFoundException($"--data: '{settings.Data}' does not exist (a manifest.csv, or 'phantoms')", settings.Data);
        }

        return start with
        {
            Model = settings.Model!,
            Data = settings.Data!,
            Phantoms = settings.Phantoms,
            RunFolder = settings.Out!,
            Steps = steps,
            BatchSize = batch,
            LearningRate = learningRate,
            MethodLearningRates = methodLearningRates,
            Seed = settings.Seed,
            Device = settings.Device,
            Rwa = rwa,
            Threshold = threshold.Threshold!,
            MaskFile = settings.Mask,
            CurveEvery = settings.CurveEvery ?? start.CurveEvery,
            CurveRows = curveRows,
            Prompts = settings.Prompts ?? start.Prompts,
            HeldOut = settings.HeldOut,
            MemorizationCount = settings.MemorizationCount ?? start.MemorizationCount,
            MemorizationManifest = settings.MemorizationSet,
            Evaluation = evaluation,
            Scale = ScaleOptions.Parse(settings.Resolution, settings.GradientCheckpointing, settings.GradAccum, settings.MixedPrecision, settings.CacheLatents),
            Seeds = settings.Seeds is { } seeds ? OptionNames.Parsed("--seeds", () => SeedList.Parse(seeds)) : start.Seeds,
        };
    }
}
