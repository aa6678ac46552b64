using MemControl.Metrics.Memorization;
using MemControl.Models.Pipelines;
using MemControl.Models.Runtime;
using MemControl.Models.Schedulers;
using static TorchSharp.torch;

namespace MemControl.Metrics.Evaluation;

/// <summary>
/// Samples a model for evaluation with DDIM (η = 0, so deterministic given the starting noise) on the model's own noise
/// schedule, with classifier-free guidance, tracking each generation's denoising strength (Wen et al.; paper Eq. 6:
/// the mean over sampling steps of ‖ε̂(x_t, t, c) − ε̂(x_t, t, ∅)‖₂) through <see cref="DenoisingStrength.DuringSampling"/>.
/// The starting noise of all generations is drawn up front from one CPU generator, so results do not depend on the
/// batch size or the device.
/// </summary>
public sealed class EvaluationSampler
{
    private readonly StableDiffusion _model;
    private readonly DdimScheduler _scheduler;
    private readonly Generator _noise;

    /// <param name="model">The model to sample from.</param>
    /// <param name="seed">Seed of every starting noise.</param>
    /// <param name="resolution">Side of the images in pixels; null = the UNet's sample size × the latent scale.</param>
    public EvaluationSampler(StableDiffusion model, long seed, int? resolution = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        ImageSize = resolution ?? ((model.Unet.Config.SampleSize ?? 64) * model.LatentScale);
        if (ImageSize % model.LatentScale != 0)
        {
            throw new ArgumentException($"Resolution: {ImageSize} is not a multiple of the VAE's downscale {model.LatentScale}");
        }

        _scheduler = new DdimScheduler(model.SchedulerConfig with { ClassName = DiffusionSchedulers.Ddim });
        _noise = new Generator((ulong)seed);
    }

    /// <summary>Side of the generated images in pixels (by default the UNet's sample size × the latent scale).</summary>
    public int ImageSize { get; }

    /// <summary><paramref name="perPrompt"/> finished generations for each prompt, prompt by prompt, with their denoising strength.</summary>
    public GeneratedImages Sample(IReadOnlyList<string> prompts, int perPrompt, int steps, double guidanceScale, int batchSize,
        Action<int, int>? onBatch = null, CancellationToken cancellationToken = default)
    {
        var images = new List<Tensor>();
        try
        {
            var (promptIndex, strengths) = Run(prompts, perPrompt, steps, null, guidanceScale, batchSize, images, onBatch, cancellationToken);
            return new GeneratedImages(cat(images, 0), promptIndex, strengths);
        }
        finally
        {
            images.ForEach(i => i.Dispose());
        }
    }

    /// <summary>
    /// Wen et al.'s fast detection: each generation's denoising strength over only the first
    /// <paramref name="firstSteps"/> steps of the <paramref name="steps"/>-step schedule (nothing is decoded).
    /// </summary>
    public double[] MeasureEarlyStrength(IReadOnlyList<string> prompts, int perPrompt, int steps, int firstSteps, double guidanceScale,
        int batchSize, Action<int, int>? onBatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(firstSteps);
        return Run(prompts, perPrompt, steps, firstSteps, guidanceScale, batchSize, null, onBatch, cancellationToken).Strengths;
    }

    private (int[] PromptIndex, double[] Strengths) Run(IReadOnlyList<string> prompts, int perPrompt, int steps, int? firstSteps,
        double guidanceScale, int batchSize, List<Tensor>? images, Action<int, int>? onBatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perPrompt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("prompts: at least one prompt is needed", nameof(prompts));
        }

        var count = prompts.Count * perPrompt;
        var promptIndex = Enumerable.Range(0, count).Select(i => i / perPrompt).ToArray();
        var latentSide = ImageSize / _model.LatentScale;
        using var initial = randn([count, _model.Unet.Config.InChannels, latentSide, latentSide], generator: _noise);

        _scheduler.SetTimesteps(steps);
        var timesteps = _scheduler.Timesteps.Take(firstSteps ?? int.MaxValue).ToArray();
        var predictor = new UnetNoisePredictor(_model, _scheduler);
        using var empty = _model.EncodePrompts([string.Empty]);
        var strengths = new List<double>(count);
        for (var start = 0; start < count; start += batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            onBatch?.Invoke(start, count);
            var length = Math.Min(batchSize, count - start);
            using var scope = NewDisposeScope();
            var text = _model.EncodePrompts(promptIndex[start..(start + length)].Select(p => prompts[p]).ToList());
            // The starting noise is drawn in float32 (the same draws whatever the model's dtype) and cast to the
            // latents' dtype, as the text-to-image pipeline does: a bf16 model samples in bf16 (docs/scale.md).
            var latents = initial.narrow(0, start, length).to(_model.LatentDType, _model.Device).Times(_scheduler.InitNoiseSigma);
            var (final, tracker) = DenoisingStrength.DuringSampling(
                predictor, latents, text, empty, timesteps, guidanceScale, (x, epsilon, t) => _scheduler.Step(epsilon, t, x));
            strengths.AddRange(tracker.PerGeneration);
            images?.Add(_model.LatentsToImages(final).Times(2).Minus(1).to(ScalarType.Float32).cpu().MoveToOuterDisposeScope());
        }

        onBatch?.Invoke(count, count);
        return (promptIndex, strengths.ToArray());
    }
}
