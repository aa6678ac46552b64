using System.Diagnostics;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using MemControl.Models.Schedulers;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Training;
using MemControl.Workflow;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.FineTuning;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Benchmarks.Gpu;

/// <summary>
/// One measurement of <c>./bench gpu</c>, in a process of its own. Everything runs through the code paths the
/// commands use: <c>train</c>'s (BaseModel.Load → MethodChoice → AdapterSet.Attach → BaseModel.MoveTo →
/// TrainingData.Build → FineTuner.Run, timed from FineTuner's per-step callback) and <c>generate</c>'s
/// (TextToImagePipeline, here with DDIM from the model's scheduler configuration as diffusers'
/// <c>DDIMScheduler.from_config</c>). So a training step includes what <c>train</c> does per step: the batch's VAE
/// encoding and text encoding, the mixed-precision master-weight copies and gradient clipping.
/// </summary>
internal static class GpuMeasurement
{
    /// <summary>The paper's official13 SV-DIFF mask (docs/decisions.md §4), also used for DiffFit's γ.</summary>
    public const string PaperMask = "1,1,0,0,0,0,1,1,1,0,0,0,0";

    public const string PaperSpace = "official13";

    private const string Prompt = "a chest x-ray";

    private const string FullFineTuningName = "full";

    public static object Run(GpuBenchmarkOptions options, string measurement)
    {
        var device = ComputeDevice.Parse(options.Device);
        using var memory = PeakMemory.Start(device);

        // CUDA: the CUDA libtorch must be loaded before any other TorchSharp call (LibTorchRuntime).
        LibTorchRuntime.Prepare(device);
        var clock = Stopwatch.StartNew();
        var (model, identity) = BaseModel.Load(options.Model);
        using var loaded = model;
        var loadSeconds = clock.Elapsed.TotalSeconds;

        var figures = measurement switch
        {
            GpuMeasurementNames.Full => TrainingStep(options, device, model, identity, FullFineTuningName, null, null),
            GpuMeasurementNames.Attention => TrainingStep(options, device, model, identity, "attention", null, null),
            GpuMeasurementNames.SvDiff => TrainingStep(options, device, model, identity, "svdiff", "memcontrol", PaperMask),
            GpuMeasurementNames.DiffFit => TrainingStep(options, device, model, identity, "difffit", null, PaperMask),
            GpuMeasurementNames.FrozenForward => FrozenForward(options, model),
            GpuMeasurementNames.Generation => Generation(options, model),
            _ => throw new ArgumentException($"--measure: unknown measurement '{measurement}'"),
        };

        return new Dictionary<string, object?>(figures)
        {
            ["measurement"] = measurement,
            ["load_seconds"] = Math.Round(loadSeconds, 3),
            ["peak_memory_gib"] = Math.Round(memory.Stop(), 4),
            ["memory_source"] = memory.Source,
        };
    }

    private static Dictionary<string, object?> TrainingStep(
        GpuBenchmarkOptions options, ComputeDevice device, StableDiffusion model, string identity, string method, string? variant, string? mask)
    {
        var context = new PeftContext(identity);
        var config = MethodChoice.Config(method, variant);
        var layerMask = MethodChoice.Mask(mask, PaperSpace, config, model.Unet, identity, context);
        var clock = Stopwatch.StartNew();
        var adapter = AdapterSet.Attach(model.Unet, config, context, layerMask);
        var setUpSeconds = clock.Elapsed.TotalSeconds;
        BaseModel.MoveTo(model, options.Device);

        // One epoch holds every step, so no step waits for a new epoch's first batch to be drawn.
        var steps = options.Warmup + options.Steps;
        var data = TrainingData.Build(DataSources.Phantoms, options.Batch * steps, seed: 0, MitigationChoice.Parse("none"), model.Tokenizer);
        var tuner = new FineTuner(model, adapter, new FineTuneOptions
        {
            Steps = steps,
            BatchSize = options.Batch,
            LearningRate = 1e-5,
            Resolution = options.Resolution,
            MixedPrecision = options.Precision,
        });

        var stamps = new List<double>();
        var run = Stopwatch.StartNew();
        var result = tuner.Run(data.Dataset, data.CaptionTransforms, onStep: _ =>
        {
            Synchronize(device);
            stamps.Add(run.Elapsed.TotalMilliseconds);
        });
        var timings = Timings.FromStepEnds(stamps, options.Warmup);
        return new Dictionary<string, object?>
        {
            ["method"] = config.Method,
            ["variant"] = config.Variant,
            ["mask"] = layerMask is null ? null : new Dictionary<string, string> { ["space"] = PaperSpace, ["bits"] = layerMask.ToString() },
            ["median_ms"] = timings.MedianMs,
            ["min_ms"] = timings.MinMs,
            ["samples_ms"] = timings.SamplesMs,
            ["trainable"] = adapter.TrainableCount,
            ["set_up_seconds"] = Math.Round(setUpSeconds, 3),
            ["losses_finite"] = result.Losses.All(double.IsFinite),
            // The trained tensors by checkpoint key, so diffusers_bench.py trains exactly these (docs/scale.md).
            ["trainable_tensors"] = adapter.Trainable.ToDictionary(p => p.Key, p => p.Count),
        };
    }

    private static Dictionary<string, object?> FrozenForward(GpuBenchmarkOptions options, StableDiffusion model)
    {
        PrepareForInference(options, model);
        var batch = 2 * options.Batch;
        var side = LatentSide(options, model);
        using var states = model.EncodePrompts(Enumerable.Repeat(Prompt, batch).ToList());
        var generator = new Generator(0, model.Device);
        using var latents = randn([batch, model.Unet.Config.InChannels, side, side], dtype: ScalarType.Float32, device: model.Device, generator: generator).to(model.LatentDType);
        using var timesteps = randint(0, 1000, [batch], dtype: ScalarType.Int64, device: model.Device, generator: generator);
        var finite = true;
        var timings = Timings.Measure(options.Warmup, options.Steps, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var prediction = model.Unet.call(latents, timesteps, states);
            finite &= prediction.isfinite().all().item<bool>();
        });
        return new Dictionary<string, object?>
        {
            ["batch"] = batch,
            ["latent_side"] = side,
            ["median_ms"] = timings.MedianMs,
            ["min_ms"] = timings.MinMs,
            ["samples_ms"] = timings.SamplesMs,
            ["output_finite"] = finite,
        };
    }

    private static Dictionary<string, object?> Generation(GpuBenchmarkOptions options, StableDiffusion model)
    {
        PrepareForInference(options, model);
        var pipeline = new TextToImagePipeline(model, DiffusionSchedulers.Create(model.SchedulerConfig with { ClassName = DiffusionSchedulers.Ddim }));
        var request = new GenerationRequest(
            Enumerable.Repeat(Prompt, options.GenerationImages).ToList(),
            Steps: options.GenerationSteps,
            GuidanceScale: options.Guidance,
            Height: options.Resolution,
            Width: options.Resolution);
        var finite = true;
        var timings = Timings.Measure(1, options.GenerationRuns, () =>
        {
            // The images come back on the CPU, so the device has finished when Generate returns.
            using var images = pipeline.Generate(request);
            finite &= images.isfinite().all().item<bool>();
        });
        return new Dictionary<string, object?>
        {
            ["images"] = options.GenerationImages,
            ["side"] = options.Resolution,
            ["sampler"] = DiffusionSchedulers.Ddim,
            ["sampler_steps"] = options.GenerationSteps,
            ["guidance"] = options.Guidance,
            ["median_ms"] = timings.MedianMs,
            ["min_ms"] = timings.MinMs,
            ["samples_ms"] = timings.SamplesMs,
            ["output_finite"] = finite,
        };
    }

    /// <summary>As <c>generate</c> on the device, with every weight in the benchmark's half dtype (diffusers' torch_dtype).</summary>
    private static void PrepareForInference(GpuBenchmarkOptions options, StableDiffusion model)
    {
        BaseModel.MoveTo(model, options.Device);
        var dtype = options.Precision switch
        {
            MixedPrecision.BFloat16 => ScalarType.BFloat16,
            MixedPrecision.Float16 => ScalarType.Float16,
            _ => (ScalarType?)null,
        };
        if (dtype is { } half)
        {
            model.MoveTo(model.Device, half);
        }

        model.SetEvaluationMode();
    }

    private static int LatentSide(GpuBenchmarkOptions options, StableDiffusion model) =>
        options.Resolution % model.LatentScale == 0
            ? options.Resolution / model.LatentScale
            : throw new ArgumentException($"--resolution: {options.Resolution} is not a multiple of the VAE's downscale {model.LatentScale}");

    /// <summary>Waits for the device's queued work, so a time stamp taken after it is the work's end (CUDA runs asynchronously).</summary>
    private static void Synchronize(ComputeDevice device)
    {
        if (device.IsCuda)
        {
            torch.cuda.synchronize();
        }
    }
}
