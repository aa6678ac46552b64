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
using MemControl.Training.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Training;

/// <summary>
/// The inner loop of MemControl (SPEC §5), one fine-tuning of the UNet through an attached adapter: per step, encode
/// images to latents and captions to text states (both frozen), draw t ~ U[0, T) and ε ~ N(0, I), noise the latents
/// with the DDPM forward process, predict, and minimise the MSE to ε (or to v for v-prediction models) with AdamW
/// over the adapter's trainable parameters only.
/// Every random draw is a function of (seed, step), so a run is deterministic on CPU and a resumed run continues
/// exactly where an uninterrupted one would be.
/// </summary>
public sealed class FineTuner(StableDiffusion model, AdapterSet adapter, FineTuneOptions options)
{
    private Tensor? emptyPromptStates;

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
        var trainable = Adapter.Parameters();
        var groups = ParameterGroups();
        using var optimizer = optim.AdamW(groups, Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon, Options.WeightDecay);
        var ema = Options.EmaDecay is null ? null : trainable.Select(p => p.detach().clone()).ToList();

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
        using var batches = Batches(loader, startStep, cancellationToken).GetEnumerator();
        while (step < Options.Steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!batches.MoveNext())
            {
                throw new InvalidDataException($"{dataset.Name}: no image could be decoded; nothing to train on");
            }

            using var batch = batches.Current;
            var factor = lrSchedule.Factor(step);
            for (var g = 0; g < groups.Count; g++)
            {
                optimizer.ParamGroups.ElementAt(g).LearningRate = baseRates[g] * factor;
            }

            var outcome = TrainStep(batch, schedule, optimizer, trainable, step);
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
        }

        Model.Unet.eval();
        return new FineTuneResult(step, losses, emptied, dropped, loader.Skipped.Select(s => s.ToString()).ToList(), startStep, clock.Elapsed.TotalSeconds);
    }

    private StepOutcome TrainStep(TrainingBatch batch, NoiseSchedule schedule, OptimizerHelper optimizer, IReadOnlyList<Parameter> trainable, int step)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(StepSeed(step), Model.Device);
        var latents = Model.ImagesToLatents(batch.Pixels, generator);
        var states = Model.EncodePrompts(batch.Captions);
        var size = latents.shape[0];

        var noise = randn(latents.shape, dtype: latents.dtype, device: Model.Device, generator: generator);
        if (Options.NoiseOffset > 0)
        {
            noise = noise.Plus(randn([size, latents.shape[1], 1, 1], dtype: latents.dtype, device: Model.Device, generator: generator).Times(Options.NoiseOffset));
        }

        var timesteps = randint(0, schedule.NumTrainTimesteps, [size], dtype: ScalarType.Int64, device: Model.Device, generator: generator);
        var noisy = schedule.AddNoise(latents, noise, timesteps);
        var target = Model.SchedulerConfig.PredictionType == PredictionType.VPrediction
            ? schedule.GetVelocity(latents, noise, timesteps)
            : noise;

        var prediction = Model.Unet.call(noisy, timesteps, states);
        var perSample = (prediction.to(ScalarType.Float32) - target.to(ScalarType.Float32)).Squared().mean([1, 2, 3]);
        if (Options.MinSnrGamma is { } gamma)
        {
            perSample *= MinSnrWeights(schedule, timesteps, gamma);
        }

        var keep = ones(size, device: Model.Device);
        var droppedHere = 0;
        if (Options.Threshold is { } threshold)
        {
            var strengths = DenoisingStrengths(noisy, timesteps, prediction, size);
            var keepMask = threshold.Keep(strengths);
            droppedHere = keepMask.Count(k => !k);
            keep = tensor(keepMask.Select(k => k ? 1f : 0f).ToArray(), device: Model.Device);
            if (droppedHere == size)
            {
                // SPEC §9: a step whose batch empties makes no update (counted by the caller).
                return new StepOutcome(double.NaN, droppedHere, Emptied: true);
            }
        }

        var loss = (perSample * keep).sum() / keep.sum();
        optimizer.zero_grad();
        loss.backward();
        if (Options.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(trainable, Options.GradientClip);
        }

        var value = loss.item<float>();
        if (double.IsFinite(value))
        {
            optimizer.step();
        }

        return new StepOutcome(value, droppedHere, Emptied: false);
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
    /// (SPEC §3); an empty group is left out.
    /// </summary>
    private List<AdamW.ParamGroup> ParameterGroups()
    {
        var groups = new List<AdamW.ParamGroup>();
        var main = Adapter.Parameters(AdapterParameterKind.Main);
        if (main.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(main, new AdamW.Options { LearningRate = Options.LearningRate }));
        }

        var oneDimensional = Adapter.Parameters(AdapterParameterKind.OneDimensionalShift);
        if (oneDimensional.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(oneDimensional, new AdamW.Options { LearningRate = Options.OneDimensionalShiftLearningRate }));
        }

        if (groups.Count == 0)
        {
            throw new ArgumentException($"--method {Adapter.Method.Config.Method}: nothing to train (the method or mask leaves no trainable parameter)");
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

    private int ImageSize() => (Model.Unet.Config.SampleSize ?? 64) * Model.LatentScale;

    private ulong StepSeed(int step) => unchecked((ulong)(((long)Options.Seed * 1_000_003L) + step + 1));

    private readonly record struct StepOutcome(double Loss, int Dropped, bool Emptied);
}
