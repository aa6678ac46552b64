using System.Text.Json.Nodes;
using MemControl.Models.Runtime;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using MemControl.Training;
using MemControl.Training.Caching;
using MemControl.Training.Checkpoints;
using MemControl.Workflow.BaseModels;
using TorchSharp;

namespace MemControl.Workflow.FineTuning;

/// <summary>
/// One fine-tuning run (docs/decisions.md §5): loads the base model, attaches the PEFT method (masked when asked), trains
/// with checkpoints and resume, and writes the adapter and its report into <see cref="TrainRequest.Output"/>.
/// <c>memcontrol train</c> is this with a progress display; errors name <see cref="TrainRequest"/>'s properties.
/// </summary>
public static class TrainRunner
{
    /// <summary>Where a resumable run keeps SV-DIFF's SVDs until it finishes, so a resume reads them (15 minutes at SD-1.5 size on a CPU, docs/scale.md).</summary>
    public const string SvdCacheFolder = "svd-cache";

    /// <summary>
    /// Runs <paramref name="request"/>. <paramref name="log"/> gets one line per stage (set-up progress, what is trained);
    /// <paramref name="onStep"/> every step. Cancellation throws <see cref="TrainingInterruptedException"/>, the
    /// checkpoints kept.
    /// </summary>
    public static TrainOutcome Run(TrainRequest request, Action<string> log, Action<TrainingProgress>? onStep = null, CancellationToken cancellationToken = default) =>
        Run(request, log, new StepCallbackDisplay(onStep), cancellationToken);

    /// <summary>As above, with the training loop (only the loop) shown by <paramref name="display"/>.</summary>
    public static TrainOutcome Run(TrainRequest request, Action<string> log, ITrainingDisplay display, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var options = request.Training;
        var output = Path.GetFullPath(request.Output);
        if (!request.Resume && !request.Overwrite && EarlierRun(output) is { } earlier)
        {
            throw new ArgumentException(
                $"Output: '{output}' holds {earlier}; continue it with Resume, replace it with Overwrite, or choose another folder");
        }

        var device = ComputeDevice.Parse(request.Device);
        if (device.IsCuda)
        {
            // Before anything is written: a CUDA device that cannot start is the user's to fix (and TorchSharp binds to the first libtorch loaded).
            LibTorchRuntime.Prepare(device);
        }

        var (model, identity) = BaseModel.Load(request.Model);
        using var _ = model;
        // What only the loaded model and the device can tell, checked before the (slow) set-up and the data.
        PrecisionCast.RequireSupported(device.IsCuda ? DeviceType.CUDA : DeviceType.CPU, options.MixedPrecision);
        PrecisionCast.ImageSide(model, options.Resolution);
        if (options.LatentCache is not null)
        {
            LatentCache.RequireApplies(model);
        }

        // A run that can be resumed keeps SV-DIFF's SVDs beside its checkpoints; they go when it finishes. A rerun
        // reads them too (a run interrupted before its first checkpoint starts again): each entry's weight fingerprint
        // (SvdCache) decides whether they are this model's.
        var frozenDType = PrecisionCast.DTypeOf(options.MixedPrecision);
        var svdFolder = Path.Combine(output, SvdCacheFolder);
        var svdCache = new SvdCache(options.CheckpointEvery > 0 ? svdFolder : null, frozenDType);
        var context = new PeftContext(identity, svdCache, frozenDType, new SetupProgressLines(log).Report);
        var mask = MethodChoice.Mask(request.Mask, request.Space, request.Config, model.Unet, identity, context);
        var data = TrainingData.Build(request.Data, request.Phantoms, options.Seed, request.Mitigation, model.Tokenizer, request.AllowPathsOutsideRoot);
        var described = Describe(request, mask);
        if (request.Resume && TrainRunOptions.Recorded(output) is { } recorded
            && TrainRunOptions.Differences(recorded, described) is { Count: > 0 } differences)
        {
            throw new ArgumentException(
                $"Resume: '{output}' was started with other settings: {string.Join(", ", differences.Select(d => $"{PropertyOf(d.Key)} {Shown(d.Was)} (now {Shown(d.Now)})"))}; "
                + "resume with the same values, or train into a new Output folder");
        }

        // Frozen weights in half precision before the method attaches (SV-DIFF's factors then follow them, docs/scale.md).
        PrecisionCast.CastFrozen(model, options.MixedPrecision);
        var adapter = AdapterSet.Attach(model.Unet, request.Config, context, mask); // saves any SVDs it computed (svd-cache/)
        if (adapter.TrainableCount == 0)
        {
            throw new ArgumentException($"Method: '{request.Config.Method}'{(mask is null ? "" : $" with mask {mask}")} leaves nothing to train; evaluate the base model instead");
        }

        BaseModel.MoveTo(model, request.Device);

        // Only now, with every check passed, is an earlier run in the folder replaced: a fresh start (Overwrite, or a
        // folder whose run never reached a checkpoint) leaves nothing a later resume or reader would take for this run's.
        // The report goes first: a crash in between must not leave a folder that looks finished without its checkpoint.
        cancellationToken.ThrowIfCancellationRequested();
        Directory.CreateDirectory(output);
        if (!request.Resume && TrainRunOptions.Recorded(output) is not null)
        {
            TrainReport.Delete(output);
            TrainingCheckpoint.DeleteAll(output);
        }

        TrainRunOptions.Record(output, described);
        var config = request.Config;
        log($"training {config.Method}{(config.Variant is null ? "" : "/" + config.Variant)} ({adapter.TrainableCount:N0} values{(mask is null ? "" : $", mask {mask}")}) "
            + $"on {data.Dataset.Items.Count} images of {data.Dataset.Name}, {options.Steps} steps of batch {options.BatchSize}");

        var tuner = new FineTuner(model, adapter, options);
        var lastStep = 0;
        FineTuneResult result;
        try
        {
            result = display.Show(options.Steps, onStep => tuner.Run(data.Dataset, data.CaptionTransforms, output, request.Resume, step =>
            {
                lastStep = step.Step;
                onStep(step);
            }, cancellationToken));
        }
        catch (OperationCanceledException error)
        {
            throw new TrainingInterruptedException(lastStep, TrainingCheckpoint.StepOf(output), error);
        }

        adapter.Save(output);
        var written = TrainReport.Write(output, described, result, adapter.TrainableCount, identity, data.Dataset.Items.Count);
        if (Directory.Exists(svdFolder))
        {
            Directory.Delete(svdFolder, recursive: true);
        }

        return new TrainOutcome(result, adapter.TrainableCount, svdCache.ComputedCount, [AdapterFiles.Tensors, AdapterFiles.Description, .. written.Select(Path.GetFileName).OfType<string>()]);
    }

    /// <summary>What <paramref name="output"/> holds that a fresh start would replace: a finished run, an interrupted one with a checkpoint, or nothing (null).</summary>
    private static string? EarlierRun(string output) =>
        TrainRunOptions.IsFinished(output) ? $"a finished training run ({TrainReport.SummaryFile})"
        : TrainingCheckpoint.StepOf(output) is { } step ? $"an interrupted training run (its checkpoint is at step {step})"
        : null;

    /// <summary>The options of the run as train.json records them (what a re-run needs).</summary>
    private static JsonObject Describe(TrainRequest request, LayerMask? mask)
    {
        var described = TrainDescription.Of(
            request.Model == BuiltinModel.Name ? BuiltinModel.Name : Path.GetFullPath(request.Model),
            request.Data == DataSources.Phantoms ? request.Data : Path.GetFullPath(request.Data),
            request.Phantoms, request.Config, mask, request.Mitigation, request.Training, request.Device);
        described["mask_file"] = MaskFileDefaults.From(request.Mask) is null ? null : Path.GetFullPath(request.Mask!);
        described["checkpoint_every"] = request.Training.CheckpointEvery;
        described["resume"] = request.Resume;
        return described;
    }

    /// <summary>A recorded value as the refusal shows it: a path in quotes (so its folder names stay as they are), anything else bare.</summary>
    private static string Shown(string value) => value.Contains('/') || value.Contains('\\') ? $"'{value}'" : value;

    /// <summary>The property of <see cref="TrainRequest"/> or <see cref="FineTuneOptions"/> a recorded option comes from.</summary>
    private static string PropertyOf(string key) => key switch
    {
        "learning_rate" => nameof(FineTuneOptions.LearningRate),
        "batch_size" => nameof(FineTuneOptions.BatchSize),
        "seed" => nameof(FineTuneOptions.Seed),
        "method" => "Method",
        "variant" => "Variant",
        _ => string.Concat(key.Split('_').Select(word => char.ToUpperInvariant(word[0]) + word[1..])),
    };
}
