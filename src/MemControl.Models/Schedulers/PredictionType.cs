namespace MemControl.Models.Schedulers;

/// <summary>What the denoising network predicts (diffusers' <c>prediction_type</c>).</summary>
public enum PredictionType
{
    /// <summary><c>epsilon</c>: the added noise ε (SD-1.x).</summary>
    Epsilon,

    /// <summary><c>v_prediction</c>: v = √ᾱ_t ε − √(1−ᾱ_t) x₀ (Salimans &amp; Ho 2022, §4; SD-2 768-v).</summary>
    VPrediction,
}
