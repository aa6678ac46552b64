using System.Globalization;
using MemControl.Cli.Commands.Scale;
using MemControl.Models.Runtime;
using MemControl.Training;
using MemControl.Workflow.FineTuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MemControl.Cli.Commands.Train;

/// <summary>
/// <c>memcontrol train</c>: one fine-tuning of a Stable Diffusion UNet through a PEFT method (docs/decisions.md §5), optionally
/// masked and with a memorization mitigation, leaving the adapter, its loss curve and a summary in <c>--out</c>.
/// The work is <see cref="TrainRunner.Run"/>; this turns options into a <see cref="TrainRequest"/>, shows progress and
/// says what was written. User mistakes are thrown as ArgumentException/InvalidDataException/... and become one line via UserErrors.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console, StatusConsole status) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        var request = Request(settings);
        TrainOutcome outcome;
        try
        {
            outcome = OptionNames.Check(
                () => TrainRunner.Run(request, status.Console.WriteLine, new TrainProgressDisplay(status.Console), cancellationToken),
                OptionTables.Train, OptionTables.TrainScale, OptionTables.TrainRun);
        }
        catch (TrainingInterruptedException interrupted)
        {
            throw new RunInterruptedException(
                interrupted.Message + (interrupted.CheckpointStep is null ? "; rerun to start again" : "; rerun with --resume to continue from it"),
                interrupted);
        }

        var result = outcome.Result;
        var finalLoss = result.Losses.LastOrDefault(double.IsFinite, double.NaN);
        console.MarkupLineInterpolated(
            $"{result.Steps} steps{(result.ResumedFromStep > 0 ? $" (resumed at {result.ResumedFromStep})" : "")} in {result.Seconds.ToString("0.0", CultureInfo.InvariantCulture)} s, final loss {finalLoss.ToString("0.00000", CultureInfo.InvariantCulture)}");
        if (result.EmptiedBatches > 0 || result.DroppedSamples > 0)
        {
            console.MarkupLineInterpolated($"threshold mitigation dropped {result.DroppedSamples} samples; {result.EmptiedBatches} steps made no update");
        }

        if (result.SkippedImages.Count > 0)
        {
            status.Console.MarkupLineInterpolated($"[yellow]{result.SkippedImages.Count} images could not be decoded and were skipped (listed in {TrainReport.SummaryFile})[/]");
        }

        console.MarkupLineInterpolated($"wrote {string.Join(", ", outcome.Written)} to {Path.GetFullPath(settings.Out!)}");
        return 0;
    }

    /// <summary>The run the options describe, checked before the (slow) model load; a bad value names its option.</summary>
    private static TrainRequest Request(TrainSettings settings)
    {
        var mitigation = OptionNames.Parsed("--mitigation", () => MitigationChoice.Parse(settings.Mitigation));
        var fromMask = MaskFileDefaults.From(settings.Mask);
        var config = MethodChoice.Config(settings.Method ?? fromMask!.Method, settings.Method is null ? fromMask!.Variant : settings.Variant);
        var output = Path.GetFullPath(settings.Out!);
        var options = new FineTuneOptions
        {
            Steps = settings.Steps,
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate ?? fromMask?.LearningRate ?? new FineTuneOptions().LearningRate,
            Seed = settings.Seed,
            CheckpointEvery = settings.CheckpointEvery,
            Threshold = mitigation.Threshold,
        };
        options = ScaleOptions.Parse(settings.Resolution, settings.GradientCheckpointing, settings.GradAccum, settings.MixedPrecision, settings.CacheLatents)
            .ApplyTo(options, output);
        OptionNames.Check(options.Validate, OptionTables.Train, OptionTables.TrainScale);
        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        return new TrainRequest
        {
            Model = settings.Model!,
            Data = settings.Data!,
            Phantoms = settings.Phantoms,
            AllowPathsOutsideRoot = settings.AllowOutsidePaths,
            Config = config,
            Mask = settings.Mask,
            Space = settings.Space,
            Mitigation = mitigation,
            Training = options,
            Device = settings.Device,
            Output = output,
            Resume = settings.Resume,
            Overwrite = settings.Overwrite,
        };
    }
}
