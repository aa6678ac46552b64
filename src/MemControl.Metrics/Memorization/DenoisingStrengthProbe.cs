using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Metrics.Memorization;

/// <summary>
/// Denoising strength of training samples at fixed draws (docs/decisions.md §6): for sample i with latent x₀ and caption c,
/// d_i = mean over its K timesteps t of ‖ε̂(x_t, t, c) − ε̂(x_t, t, ∅)‖₂ with x_t = q(x₀, ε, t).
/// The K timesteps and noises per sample are drawn once from a seed when the probe is built and reused for every model
/// it measures, so two trials differ only by their model.
/// </summary>
public sealed class DenoisingStrengthProbe : IDisposable
{
    private readonly Tensor _latents; // [N, C, h, w]
    private readonly Tensor _textStates; // [N, L, D]
    private readonly Tensor _emptyTextStates; // [1, L, D]
    private readonly Tensor _timesteps; // [N, K] int64
    private readonly Tensor _noise; // [N, K, C, h, w]
    private readonly ForwardNoising _addNoise;
    private readonly int _batchSize;

    /// <param name="latents">x₀ of the samples (VAE latents, scaled as the UNet sees them).</param>
    /// <param name="textStates">The samples' caption states.</param>
    /// <param name="emptyTextStates">The empty caption's states <c>[1, L, D]</c>.</param>
    /// <param name="addNoise">The scheduler's forward process.</param>
    /// <param name="timestepsPerSample">K.</param>
    /// <param name="seed">Seed of the draws.</param>
    /// <param name="trainTimesteps">Timesteps are drawn uniformly from [0, this).</param>
    /// <param name="batchSize">(sample, timestep) pairs per model call (each call runs 2 × this: conditional and empty).</param>
    public DenoisingStrengthProbe(Tensor latents, Tensor textStates, Tensor emptyTextStates, ForwardNoising addNoise,
        int timestepsPerSample = 4, long seed = 0, int trainTimesteps = 1000, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(latents);
        ArgumentNullException.ThrowIfNull(textStates);
        ArgumentNullException.ThrowIfNull(emptyTextStates);
        ArgumentNullException.ThrowIfNull(addNoise);
        if (latents.dim() != 4 || textStates.dim() != 3 || textStates.shape[0] != latents.shape[0])
        {
            throw new ArgumentException(
                $"latents [N, C, h, w] and textStates [N, L, D] needed, got [{string.Join(", ", latents.shape)}] and [{string.Join(", ", textStates.shape)}]");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(timestepsPerSample);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        _latents = latents.detach().clone();
        _textStates = textStates.detach().clone();
        _emptyTextStates = emptyTextStates.detach().clone();
        _addNoise = addNoise;
        _batchSize = batchSize;

        // The fixed draws, on the CPU from one generator, so they are the same on every device and every run.
        using var generator = new Generator((ulong)seed);
        var n = latents.shape[0];
        using var timesteps = randint(0, trainTimesteps, [n, timestepsPerSample], generator: generator, dtype: ScalarType.Int64);
        using var noise = randn([n, timestepsPerSample, .. latents.shape[1..]], generator: generator, dtype: latents.dtype);
        _timesteps = timesteps.to(latents.device, copy: true);
        _noise = noise.to(latents.device, copy: true);
    }

    /// <summary>Number of samples.</summary>
    public int Count => (int)_latents.shape[0];

    /// <summary>d_i for every sample (mean over its K timesteps).</summary>
    public double[] Measure(INoisePredictor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var k = (int)_timesteps.shape[1];
        var pairs = Count * k;
        var sums = new double[Count];
        for (var start = 0; start < pairs; start += _batchSize)
        {
            var length = Math.Min(_batchSize, pairs - start);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            // Scalars held in usings: libtorch reads them after TorchSharp has let go (TensorArithmetic says why).
            using Scalar first = start.ToScalar(), end = (start + length).ToScalar(), step = 1.ToScalar(), perSample = k.ToScalar();
            var pairIndex = arange(first, end, step, ScalarType.Int64, _latents.device);
            var sampleIndex = pairIndex.div(perSample, RoundingMode.floor);
            var noise = _noise.flatten(0, 1).index_select(0, pairIndex);
            var timesteps = _timesteps.flatten().index_select(0, pairIndex);
            var noisy = _addNoise(_latents.index_select(0, sampleIndex), noise, timesteps);

            // One call over [conditional; empty] halves the number of UNet launches.
            var text = cat([_textStates.index_select(0, sampleIndex), _emptyTextStates.expand(length, -1, -1)], 0);
            var prediction = model.Predict(cat([noisy, noisy], 0), cat([timesteps, timesteps], 0), text);
            var strengths = DenoisingStrength.PerSample(prediction.narrow(0, 0, length), prediction.narrow(0, length, length));
            var samples = sampleIndex.cpu().data<long>().ToArray();
            for (var i = 0; i < length; i++)
            {
                sums[samples[i]] += strengths[i];
            }
        }

        return sums.Select(s => s / k).ToArray();
    }

    public void Dispose()
    {
        _latents.Dispose();
        _textStates.Dispose();
        _emptyTextStates.Dispose();
        _timesteps.Dispose();
        _noise.Dispose();
    }
}
