using MemControl.Models.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Schedulers;

/// <summary>
/// Turns a network output into the predicted clean sample x̂₀ and predicted noise ε̂ at ᾱ_t, from
/// x_t = √ᾱ x₀ + √(1−ᾱ) ε and, for v-prediction, v = √ᾱ ε − √(1−ᾱ) x₀ (Salimans &amp; Ho 2022, §4).
/// </summary>
internal static class ModelPrediction
{
    /// <summary>x̂₀: (x_t − √(1−ᾱ) ε̂) / √ᾱ (DDPM eq. 15) or √ᾱ x_t − √(1−ᾱ) v.</summary>
    public static Tensor OriginalSample(PredictionType type, Tensor modelOutput, Tensor sample, float alphaProduct)
    {
        var sqrtAlpha = MathF.Sqrt(alphaProduct);
        var sqrtBeta = MathF.Sqrt(1 - alphaProduct);
        return type switch
        {
            PredictionType.Epsilon => (sample - modelOutput.Times(sqrtBeta)).DividedBy(sqrtAlpha),
            PredictionType.VPrediction => sample.Times(sqrtAlpha) - modelOutput.Times(sqrtBeta),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown prediction type"),
        };
    }

    /// <summary>ε̂: the output itself, or √ᾱ v + √(1−ᾱ) x_t.</summary>
    public static Tensor Noise(PredictionType type, Tensor modelOutput, Tensor sample, float alphaProduct)
    {
        return type switch
        {
            PredictionType.Epsilon => modelOutput.alias(),
            PredictionType.VPrediction => modelOutput.Times(MathF.Sqrt(alphaProduct)).Plus(sample.Times(MathF.Sqrt(1 - alphaProduct))),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown prediction type"),
        };
    }

    /// <summary>Gaussian noise shaped like <paramref name="like"/>, drawn on the generator's device, then moved.</summary>
    public static Tensor StandardNormal(Tensor like, Generator? generator)
    {
        if (generator is null)
        {
            return torch.randn(like.shape, like.dtype, like.device);
        }

        using var drawn = torch.randn(like.shape, like.dtype, generator.device, generator: generator);
        return drawn.to(like.device);
    }
}
