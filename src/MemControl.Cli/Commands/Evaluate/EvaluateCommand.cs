using System.Diagnostics;
using System.Globalization;
using MemControl.Cli.Commands.Scale;
using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Memorization;
using Spectre.Console;
using Spectre.Console.Cli;
using MemControl.Models.Runtime;
using MemControl.Workflow.Evaluation;
using MemControl.Workflow;

namespace MemControl.Cli.Commands.Evaluate;

/// <summary>
/// <c>memcontrol evaluate</c>: generates for held-out prompts with a model (and optionally a trained adapter), computes
/// every metric of docs/decisions.md §8 (<see cref="ModelEvaluator"/>) and writes metrics.json, a sample grid, a nearest-neighbour
/// gallery (worst first) and evaluation.md. User mistakes become one line via UserErrors.
/// </summary>
public sealed class EvaluateCommand(IAnsiConsole console, StatusConsole status) : Command<EvaluateSettings>
{
    public override int Execute(CommandContext context, EvaluateSettings settings, CancellationToken cancellationToken)
    {
        // Everything the user typed is checked before the (slow) model load.
        var options = new EvaluationOptions
        {
            ImagesPerPrompt = settings.Count,
            SamplesPerMemorizationPrompt = settings.MemorizationSamples,
            Steps = settings.Steps,
            GuidanceScale = settings.Guidance,
            Seed = settings.Seed,
            BatchSize = settings.Batch,
            ReplicationThreshold = settings.ReplicationThreshold,
            BaselineQuantile = settings.BaselineQuantile,
            Extraction = new ExtractionAttackOptions(),
        };
        var scale = ScaleOptions.Parse(settings.Resolution, gradientCheckpointing: false, gradAccum: 1, settings.MixedPrecision);
        options = options with { Resolution = scale.Resolution };
        OptionNames.Check(options.Validate, OptionTables.Evaluate, OptionTables.EvaluateScale);
        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        if (settings.Data != DataSources.Phantoms && !File.Exists(settings.Data))
        {
            throw new FileNotFoundException($"--data: the manifest '{settings.Data}' does not exist", settings.Data);
        }

        using var features = FeatureExtractorChoice.Create(settings.Features, "--features");
        var (model, loaded) = OptionNames.Check(() => EvaluatedModel.Load(settings.Model!, settings.Adapter, settings.Device, scale.MixedPrecision), OptionTables.EvaluateScale);
        using var _ = model;
        var inputs = EvaluationData.Build(settings, model.Tokenizer);
        status.Console.WriteLine($"evaluating {loaded} on {inputs.HeldOut.Items.Count} held-out prompts × {options.ImagesPerPrompt}" +
            (inputs.MemorizationIndices is { Count: > 0 } m ? $" and {m.Count} memorization prompts × {options.SamplesPerMemorizationPrompt}" : ""));

        var watch = Stopwatch.StartNew();
        var evaluator = new ModelEvaluator(model, features);
        var result = OptionNames.Check(
            () => EvaluationProgressDisplay.Run(status.Console, progress => evaluator.Evaluate(inputs, options, progress, cancellationToken)), OptionTables.EvaluateScale);
        var file = new EvaluationMetricsFile(EvaluationMetricsFile.CurrentVersion, settings.Model!,
            settings.Adapter is null ? null : Path.GetFullPath(settings.Adapter), loaded, settings.Device, Math.Round(watch.Elapsed.TotalSeconds, 3), result);
        var output = Path.GetFullPath(settings.Out!);
        var written = EvaluationReportWriter.Write(output, file, inputs.Training, settings.Top);

        var table = new Table().AddColumn("measure").AddColumn("value");
        foreach (var (what, value) in EvaluationReportWriter.Summary(result))
        {
            table.AddRow(Markup.Escape(what), Markup.Escape(value));
        }

        console.Write(table);
        var worst = result.Generations[0];
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"closest: generation {worst.Row} (prompt {worst.PromptIndex}) ↔ {worst.NearestTrainingId} (1 − cos {worst.FeatureDistance:0.0000}, pixel RMS {worst.PixelRms:0.0000})"));
        console.WriteLine($"wrote {string.Join(", ", written.Select(Path.GetFileName))} to {output} in {file.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return 0;
    }
}
