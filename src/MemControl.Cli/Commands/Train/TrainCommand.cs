using System.Globalization;
using System.Text.Json.Nodes;
using MemControl.Models.Runtime;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.Masks;
using MemControl.Training;
using MemControl.Training.Caching;
using MemControl.Training.Checkpoints;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.FineTuning;
using MemControl.Workflow;

using MemControl.Cli.Commands.Scale;

namespace MemControl.Cli.Commands.Train;

/// <summary>
/// <c>memcontrol train</c>: one fine-tuning of a Stable Diffusion UNet through a PEFT method (docs/decisions.md §5), optionally
/// masked and with a memorization mitigation, leaving the adapter, its loss curve and a summary in <c>--out</c>.
/// User mistakes are thrown as ArgumentException/InvalidDataException/... and become one line via UserErrors.
/// </summary>
public sealed class TrainCommand(IAnsiConsole console, StatusConsole status) : Command<TrainSettings>
{
    public override int Execute(CommandContext context, TrainSettings settings, CancellationToken cancellationToken)
    {
        // Everything the user typed is checked before the (slow) model load.
        var mitigation = OptionNames.Parsed("--mitigation", () => MitigationChoice.Parse(settings.Mitigation));
        var fromMask = MaskFileDefaults.From(settings.Mask);
        var config = MethodChoice.Config(settings.Method ?? fromMask!.Method, settings.Method is null ? fromMask!.Variant : settings.Variant);
        var options = new FineTuneOptions
        {
            Steps = settings.Steps,
            BatchSize = settings.Batch,
            LearningRate = settings.LearningRate ?? fromMask?.LearningRate ?? new FineTuneOptions().LearningRate,
            Seed = settings.Seed,
            CheckpointEvery = settings.CheckpointEvery,
            Threshold = mitigation.Threshold,
        };
        var output = Path.GetFullPath(settings.Out!);
        options = ScaleOptions.Parse(settings.Resolution, settings.GradientCheckpointing, settings.GradAccum, settings.MixedPrecision, settings.CacheLatents)
            .ApplyTo(options, output);
        OptionNames.Check(options.Validate, OptionTables.Train, OptionTables.TrainScale);
        OptionNames.Parsed("--device", () => ComputeDevice.Parse(settings.Device));
        options.Validate();
        if (TrainRunOptions.IsFinished(output) && !settings.Resume && !settings.Overwrite)
        {
            throw new ArgumentException(
                $"--out: '{output}' holds a finished training run ({TrainReport.SummaryFile}); rerun with --resume to continue it, "
                + "--overwrite to replace it, or choose another folder");
        }

        var (model, identity) = BaseModel.Load(settings.Model!);
        using var _ = model;
        OptionNames.Check(() =>
        {
            // What only the loaded model and the device can tell, checked before the (slow) set-up and the data.
            PrecisionCast.RequireSupported(ComputeDevice.Parse(settings.Device).IsCuda ? DeviceType.CUDA : DeviceType.CPU, options.MixedPrecision);
            PrecisionCast.ImageSide(model, options.Resolution);
            if (options.LatentCache is not null)
            {
                LatentCache.RequireApplies(model);
            }
        }, OptionTables.TrainScale);

        // Frozen weights in half precision before the method attaches (SV-DIFF's factors then follow them, docs/scale.md).
        PrecisionCast.CastFrozen(model, options.MixedPrecision);
        var setup = new SetupProgressLines(status.Console.WriteLine);
        var peftContext = new PeftContext(identity, FrozenDType: PrecisionCast.DTypeOf(options.MixedPrecision), Progress: setup.Report);
        var mask = MethodChoice.Mask(settings.Mask, settings.Space, config, model.Unet, identity, peftContext);
        var adapter = AdapterSet.Attach(model.Unet, config, peftContext, mask);
        BaseModel.MoveTo(model, settings.Device);
        var data = TrainingData.Build(settings.Data!, settings.Phantoms, settings.Seed, mitigation, model.Tokenizer, settings.AllowOutsidePaths);

        var described = Describe(settings, config, mitigation, mask, options);
        if (settings.Resume && TrainRunOptions.Recorded(output) is { } recorded
            && TrainRunOptions.Differences(recorded, described) is { Count: > 0 } differences)
        {
            throw new ArgumentException(
                $"--resume: '{output}' was started with other settings: {string.Join(", ", differences.Select(d => $"{Flag(d.Key)} {d.Was} (now {d.Now})"))}; "
                + "resume with the same values, or train into a new --out folder");
        }

        Directory.CreateDirectory(output);
        TrainRunOptions.Record(output, described);
        status.Console.MarkupLineInterpolated(
            $"training {config.Method}{(config.Variant is null ? "" : "/" + config.Variant)} ({adapter.TrainableCount:N0} values{(mask is null ? "" : $", mask {mask}")}) on {data.Dataset.Items.Count} images of {data.Dataset.Name}, {options.Steps} steps of batch {options.BatchSize}");

        var tuner = new FineTuner(model, adapter, options);
        var lastStep = 0;
        FineTuneResult result;
        try
        {
            result = TrainProgressDisplay.Run(
                status.Console,
                options.Steps,
                onStep => tuner.Run(data.Dataset, data.CaptionTransforms, output, settings.Resume, step =>
                {
                    lastStep = step.Step;
                    onStep(step);
                }, cancellationToken));
        }
        catch (OperationCanceledException error)
        {
            var checkpoint = TrainingCheckpoint.StepOf(output);
            throw new RunInterruptedException(
                $"interrupted at step {lastStep}; "
                + (checkpoint is { } k ? $"the last checkpoint is step {k}; rerun with --resume to continue from it" : "no checkpoint was written yet; rerun to start again"),
                error);
        }

        adapter.Save(output);
        TrainReport.Write(output, described, result, adapter.TrainableCount, identity, data.Dataset.Items.Count);

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

        console.MarkupLineInterpolated($"wrote {AdapterFiles.Tensors}, {AdapterFiles.Description}, {TrainReport.LossesFile}, {TrainReport.PlotFile}, {TrainReport.SummaryFile} to {output}");
        return 0;
    }

    private static string Flag(string key) => key switch
    {
        "learning_rate" => "--lr",
        "batch_size" => "--batch",
        "mask_file" => "--mask",
        "cache_latents" => "--cache-latents",
        _ => "--" + key.Replace('_', '-'),
    };

    /// <summary>The options of the run as train.json records them (what a re-run needs).</summary>
    private static JsonObject Describe(TrainSettings settings, PeftConfig config, MitigationChoice mitigation, LayerMask? mask, FineTuneOptions options)
    {
        var described = TrainDescription.Of(
            settings.Model == BuiltinModel.Name ? BuiltinModel.Name : Path.GetFullPath(settings.Model!),
            settings.Data == DataSources.Phantoms ? settings.Data : Path.GetFullPath(settings.Data!),
            settings.Phantoms, config, mask, mitigation, options, settings.Device);
        described["mask_file"] = MaskFileDefaults.From(settings.Mask) is null ? null : Path.GetFullPath(settings.Mask!);
        described["checkpoint_every"] = options.CheckpointEvery;
        described["resume"] = settings.Resume;
        return described;
    }
}
