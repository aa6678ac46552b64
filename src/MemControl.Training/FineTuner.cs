using System.Diagnostics;
using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Images;
using MemControl.Data.Loading;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using MemControl.Models.Schedulers;
using MemControl.Peft.Adapters;
using MemControl.Peft.Layers;
using MemControl.Training.Caching;
using MemControl.Training.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Training;

/// <summary>
/// The inner loop of MemControl (docs/decisions.md §5), one fine-tuning of the UNet through an attached adapter: per step, encode
/// images to latents and captions to text states (both frozen), draw t ~ U[0, T) and ε ~ N(0, I), noise the latents
/// with the DDPM forward process, predict, and minimise the MSE to ε (or to v for v-prediction models) with AdamW
/// over the adapter's trainable parameters only.
/// Every random draw is a function of (seed, step), so a run is deterministic on CPU and a resumed run continues
/// exactly where an uninterrupted one would be.
/// </summary>
public sealed class FineTuner(StableDiffusion model, AdapterSet adapter, FineTuneOptions options)
{
    private Tensor? emptyPromptStates;
    private LatentCache? cache;

    public StableDiffusion Model { get; } = model;

    public AdapterSet Adapter { get; } = adapter;

    public FineTuneOptions Options { get; } = options;

    /// <summary>
    /// Trains on <paramref name="dataset"/>. With <paramref name="runDirectory"/>, writes checkpoints there every
    /// <see cref="FineTuneOptions.CheckpointEvery"/> steps and at the end; with <paramref name="resume"/>, continues
    /// from the checkpoint found there.
    /// </summary>
    public FineTuneResult Run(
        IImageCaptionDataset dataset,
        IReadOnlyList<ICaptionTransform>? captionTransforms = null,
        string? runDirectory = null,
        bool resume = false,
        Action<TrainingProgress>? onStep = null,
        CancellationToken cancellationToken = default)
    {
        Options.Validate();
        ApplyPrecisionAndMemoryOptions();
        using var latentCache = Options.LatentCache is { } cacheFolder
            ? LatentCache.OpenOrBuild(Model, dataset, ImageSize(), cacheFolder, Options.BatchSize, cancellationToken)
            : null;
        cache = latentCache;
        using var masterWeights = new MasterWeights(Adapter.Parameters());
        var trainable = masterWeights.Masters;
        var groups = ParameterGroups(masterWeights);
        // Ours, not optim.AdamW: the same update with its temporaries freed per tensor (Optimization/AdamW says why).
        using var optimizer = new Optimization.AdamW(groups, Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon, Options.WeightDecay);
        var ema = Options.EmaDecay is null ? null : trainable.Select(p => p.detach().clone()).ToList();
        var scaler = Options.MixedPrecision == MixedPrecision.Float16 ? new DynamicLossScaler() : null;

        var losses = new List<double>();
        var emptied = 0;
        long dropped = 0;
        var startStep = 0;
        string? lastCheckpoint = null;
        if (resume && runDirectory is not null && TrainingCheckpoint.Find(runDirectory) is { } found)
        {
            var state = TrainingCheckpoint.Read(found, Options.Seed, trainable, ema, optimizer);
            startStep = state.Step;
            losses.AddRange(state.Losses);
            emptied = state.EmptiedBatches;
            dropped = state.DroppedSamples;
            lastCheckpoint = found;
            masterWeights.MastersToModel();
        }

        var loader = new BatchLoader(
            dataset,
            new ImagePreprocessor(ImageSize(), Model.ImageChannels),
            new BatchLoaderOptions { BatchSize = Options.BatchSize, Seed = Options.Seed, Shuffle = true },
            [.. captionTransforms ?? [], new CaptionDropout(Options.CaptionDropout)]);
        var schedule = new NoiseSchedule(Model.SchedulerConfig);
        var lrSchedule = new LearningRateSchedule(Options.WarmupSteps);
        var baseRates = groups.Select(g => g.Options.LearningRate ?? Options.LearningRate).ToArray();

        Model.Unet.train();
        var clock = Stopwatch.StartNew();
        var step = startStep;
        var accumulation = Options.GradientAccumulationSteps;
        using var batches = Batches(loader, startStep * accumulation, cancellationToken).GetEnumerator();
        while (step < Options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var microBatches = new List<TrainingBatch>(accumulation);
            while (microBatches.Count < accumulation)
            {
                if (!batches.MoveNext())
                {
                    throw new InvalidDataException($"{dataset.Name}: no image could be decoded; nothing to train on");
                }

                microBatches.Add(batches.Current);
            }

            var factor = lrSchedule.Factor(step);
            for (var g = 0; g < groups.Count; g++)
            {
                optimizer.ParamGroups.ElementAt(g).LearningRate = baseRates[g] * factor;
            }

            StepOutcome outcome;
            try
            {
                outcome = TrainStep(microBatches, schedule, optimizer, masterWeights, scaler, step);
            }
            finally
            {
                microBatches.ForEach(batch => batch.Dispose());
            }

            step++;
            losses.Add(outcome.Loss);
            dropped += outcome.Dropped;
            if (outcome.Emptied)
            {
                emptied++;
            }
            else if (!double.IsFinite(outcome.Loss))
            {
                throw new NonFiniteLossException(step, outcome.Loss, lastCheckpoint);
            }

            if (ema is not null)
            {
                ExponentialMovingAverage.Update(ema, trainable, Options.EmaDecay!.Value);
            }

            var atCheckpoint = Options.CheckpointEvery > 0 && step % Options.CheckpointEvery == 0;
            if (runDirectory is not null && (atCheckpoint || step == Options.Steps))
            {
                var state = new TrainingState(step, Options.Seed, trainable.Sum(p => p.numel()), losses, emptied, dropped);
                lastCheckpoint = TrainingCheckpoint.Write(runDirectory, state, trainable, ema, optimizer);
            }

            onStep?.Invoke(new TrainingProgress(step, Options.Steps, outcome.Loss, (step - startStep) / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
        }

        if (ema is not null)
        {
            // The EMA weights are the result (as the built-in model's pre-training uses them).
            using var noGrad = no_grad();
            for (var i = 0; i < trainable.Count; i++)
            {
                trainable[i].copy_(ema[i]);
            }

            masterWeights.MastersToModel();
        }

        Model.Unet.eval();
        cache = null;
        return new FineTuneResult(step, losses, emptied, dropped, loader.Skipped.Select(s => s.ToString()).ToList(), startStep, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One optimizer step over <paramref name="microBatches"/> (<see cref="FineTuneOptions.GradientAccumulationSteps"/>
    /// of them). The step's random draws are made for the whole effective batch first, in the order a single batch
    /// makes them, and sliced per micro-batch; each micro-batch back-propagates its summed loss and the gradients are
    /// divided by the number of samples kept once all are in. So K batches of B give the loss and gradients of one
    /// batch of K·B, and K = 1 is the plain step.
    /// </summary>
    private StepOutcome TrainStep(
        IReadOnlyList<TrainingBatch> microBatches,
        NoiseSchedule schedule,
        OptimizerHelper optimizer,
        MasterWeights masterWeights,
        DynamicLossScaler? scaler,
        int step)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(StepSeed(step), Model.Device);
        var dtype = Model.LatentDType;
        var total = microBatches.Sum(batch => batch.Pixels.shape[0]);
        var side = ImageSize() / Model.LatentScale;
        long[] latentShape = [total, Model.Vae?.Config.LatentChannels ?? Model.ImageChannels, side, side];

        var posteriorNoise = Model.Vae is null ? null : randn(latentShape, dtype: dtype, device: Model.Device, generator: generator);
        var noise = randn(latentShape, dtype: dtype, device: Model.Device, generator: generator);
        if (Options.NoiseOffset > 0)
        {
            noise = noise.Plus(randn([total, latentShape[1], 1, 1], dtype: dtype, device: Model.Device, generator: generator).Times(Options.NoiseOffset));
        }

        var timesteps = randint(0, schedule.NumTrainTimesteps, [total], dtype: ScalarType.Int64, device: Model.Device, generator: generator);

        masterWeights.ZeroGradients();
        optimizer.zero_grad();
        var lossScale = scaler?.Scale ?? 1.0;
        var lossSum = 0.0;
        var kept = 0L;
        var droppedHere = 0;
        var offset = 0L;
        foreach (var batch in microBatches)
        {
            using var microScope = NewDisposeScope();
            var size = batch.Pixels.shape[0];
            var latents = posteriorNoise is null
                ? Model.ImagesToLatents(batch.Pixels)
                : cache?.Latents(batch.Indices, posteriorNoise.narrow(0, offset, size))
                  ?? Model.ImagesToLatents(batch.Pixels, posteriorNoise.narrow(0, offset, size));
            var states = cache?.TextStates(batch.Captions) ?? Model.EncodePrompts(batch.Captions);
            var microNoise = noise.narrow(0, offset, size);
            var microTimesteps = timesteps.narrow(0, offset, size);
            offset += size;

            var noisy = schedule.AddNoise(latents, microNoise, microTimesteps);
            var target = Model.SchedulerConfig.PredictionType == PredictionType.VPrediction
                ? schedule.GetVelocity(latents, microNoise, microTimesteps)
                : microNoise;

            var prediction = Model.Unet.call(noisy, microTimesteps, states);
            var perSample = (prediction.to(ScalarType.Float32) - target.to(ScalarType.Float32)).Squared().mean([1, 2, 3]);
            if (Options.MinSnrGamma is { } gamma)
            {
                perSample *= MinSnrWeights(schedule, microTimesteps, gamma);
            }

            var keep = ones(size, device: Model.Device);
            if (Options.Threshold is { } threshold)
            {
                var strengths = DenoisingStrengths(noisy, microTimesteps, prediction, size);
                var keepMask = threshold.Keep(strengths);
                droppedHere += keepMask.Count(k => !k);
                keep = tensor(keepMask.Select(k => k ? 1f : 0f).ToArray(), device: Model.Device);
                if (keepMask.All(k => !k))
                {
                    continue;
                }
            }

            var summed = (perSample * keep).sum();
            summed.Times(lossScale).backward();
            lossSum += summed.item<float>();
            kept += (long)keep.sum().item<float>();
        }

        if (kept == 0)
        {
            // docs/decisions.md §9: a step whose batch empties makes no update (counted by the caller).
            return new StepOutcome(double.NaN, droppedHere, Emptied: true);
        }

        var value = lossSum / kept;
        var gradientsFinite = masterWeights.GradientsToMasters(lossScale * kept);
        scaler?.Update(gradientsFinite);
        if (scaler is not null && !gradientsFinite)
        {
            // An fp16 overflow: skip the update at a smaller scale (GradScaler); the loss itself is fine.
            return new StepOutcome(value, droppedHere, Emptied: false);
        }

        if (Options.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(masterWeights.Masters, Options.GradientClip);
        }

        if (double.IsFinite(value))
        {
            optimizer.step();
            masterWeights.MastersToModel();
        }

        return new StepOutcome(value, droppedHere, Emptied: false);
    }

    /// <summary>
    /// Casts the frozen weights to the <see cref="FineTuneOptions.MixedPrecision"/> dtype (PEFT's added tensors stay
    /// float32 through the cast, docs/peft.md) and turns gradient checkpointing on or off.
    /// </summary>
    private void ApplyPrecisionAndMemoryOptions()
    {
        var dtype = Model.LatentDType;
        PrecisionCast.Apply(Model, Options.MixedPrecision);
        if (Model.LatentDType != dtype)
        {
            emptyPromptStates = null;
        }

        Model.Unet.GradientCheckpointing = Options.GradientCheckpointing;
        PrecisionCast.ImageSide(Model, Options.Resolution);
    }

    /// <summary>
    /// Wen et al.'s per-sample denoising strength on the same x_t and t: ‖ε̂(x_t, t, c) − ε̂(x_t, t, ∅)‖₂ over the
    /// latent, with the unconditional pass taken without gradients.
    /// </summary>
    private double[] DenoisingStrengths(Tensor noisy, Tensor timesteps, Tensor conditional, long size)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The empty prompt's text states never change (the text encoder is frozen): encoded once per run.
        emptyPromptStates ??= Model.EncodePrompts([string.Empty]).DetachFromDisposeScope();
        var empty = emptyPromptStates.expand(size, -1, -1);
        var unconditional = Model.Unet.call(noisy, timesteps, empty);
        var strength = (conditional.detach() - unconditional).to(ScalarType.Float32).flatten(1).norm(1);
        return strength.cpu().data<float>().Select(v => (double)v).ToArray();
    }

    /// <summary>Min-SNR-γ weights for ε-prediction: min(SNR(t), γ) / SNR(t), SNR = ᾱ / (1 − ᾱ) (Hang et al. 2023).</summary>
    private static Tensor MinSnrWeights(NoiseSchedule schedule, Tensor timesteps, double gamma)
    {
        var alphaBar = schedule.AlphasCumprod.to(timesteps.device).index_select(0, timesteps).to(ScalarType.Float32);
        var snr = alphaBar / alphaBar.SubtractedFrom(1);
        return snr.ClampedAboveAt(gamma) / snr;
    }

    /// <summary>
    /// Optimizer groups: the method's main parameters at the learning rate, SV-DIFF's 1-D shifts at their own
    /// (docs/decisions.md §3); an empty group is left out.
    /// </summary>
    private List<AdamW.ParamGroup> ParameterGroups(MasterWeights masterWeights)
    {
        var groups = new List<AdamW.ParamGroup>();
        var main = Adapter.Parameters(AdapterParameterKind.Main).Select(masterWeights.MasterOf).ToList();
        if (main.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(main, new AdamW.Options { LearningRate = Options.LearningRate }));
        }

        var oneDimensional = Adapter.Parameters(AdapterParameterKind.OneDimensionalShift).Select(masterWeights.MasterOf).ToList();
        if (oneDimensional.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(oneDimensional, new AdamW.Options { LearningRate = Options.OneDimensionalShiftLearningRate }));
        }

        if (groups.Count == 0)
        {
            throw new ArgumentException($"method '{Adapter.Method.Config.Method}': nothing to train (the method or mask leaves no trainable parameter)");
        }

        return groups;
    }

    /// <summary>Batches from step <paramref name="startStep"/> on, across epochs: the same sequence on every run.</summary>
    private static IEnumerable<TrainingBatch> Batches(BatchLoader loader, int startStep, CancellationToken cancellationToken)
    {
        var position = 0;
        for (var epoch = 0; ; epoch++)
        {
            var yielded = false;
            foreach (var batch in loader.Epoch(epoch, cancellationToken))
            {
                yielded = true;
                if (position++ < startStep)
                {
                    batch.Dispose();
                    continue;
                }

                yield return batch;
            }

            if (!yielded)
            {
                yield break;
            }
        }
    }

    private int ImageSize() => PrecisionCast.ImageSide(Model, Options.Resolution);

    private ulong StepSeed(int step) => unchecked((ulong)(((long)Options.Seed * 1_000_003L) + step + 1));

    private readonly record struct StepOutcome(double Loss, int Dropped, bool Emptied);
}
