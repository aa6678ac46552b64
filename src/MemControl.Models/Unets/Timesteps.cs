using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Unets;

/// <summary>
/// The sinusoidal timestep embedding of DDPM (Ho et al. 2020, from the Transformer's positional encoding), as diffusers'
/// <c>Timesteps</c>/<c>get_timestep_embedding</c>: for half = dim/2 and k = 0..half-1,
/// f_k = exp(−ln(10000)·k / (half − freq_shift)), embedding = [sin(t·f), cos(t·f)], or [cos, sin] when
/// <c>flip_sin_to_cos</c>. Always computed in float32 (diffusers does too); the caller casts it. No parameters.
/// </summary>
public sealed class Timesteps : nn.Module<Tensor, Tensor>
{
    private readonly long _channels;
    private readonly bool _flipSinToCos;
    private readonly double _freqShift;

    /// <param name="channels">Width of the embedding.</param>
    /// <param name="flipSinToCos">Put the cosines first (true for Stable Diffusion).</param>
    /// <param name="freqShift">The <c>downscale_freq_shift</c> in the frequency denominator (0 for Stable Diffusion).</param>
    public Timesteps(long channels, bool flipSinToCos, double freqShift)
        : base(nameof(Timesteps))
    {
        _channels = channels;
        _flipSinToCos = flipSinToCos;
        _freqShift = freqShift;
        RegisterComponents();
    }

    /// <summary>Timesteps (N) of any numeric type → embedding (N, channels) in float32.</summary>
    public override Tensor forward(Tensor timesteps)
    {
        if (timesteps.dim() != 1)
        {
            throw new ArgumentException($"timesteps must be a 1-D tensor, not of shape [{string.Join(", ", timesteps.shape)}]", nameof(timesteps));
        }

        using var scope = NewDisposeScope();
        var half = _channels / 2;
        var exponent = TensorArithmetic.Range(half, ScalarType.Float32, timesteps.device).Times(-Math.Log(10000.0) / (half - _freqShift));
        var frequencies = exponent.exp(); // (half)
        var angles = timesteps.to_type(ScalarType.Float32)[.., TensorIndex.None] * frequencies[TensorIndex.None, ..]; // (N, half)
        var embedding = _flipSinToCos
            ? cat([angles.cos(), angles.sin()], dim: -1)
            : cat([angles.sin(), angles.cos()], dim: -1);
        if (_channels % 2 == 1)
        {
            embedding = nn.functional.pad(embedding, [0, 1, 0, 0]); // an odd width gets one zero column, as diffusers
        }

        return embedding.MoveToOuterDisposeScope();
    }
}
