namespace MemControl.Models.Schedulers;

/// <summary>How the forward-process variances β_1..β_T are laid out (diffusers' <c>beta_schedule</c>).</summary>
public enum BetaSchedule
{
    /// <summary><c>linear</c>: β evenly spaced from beta_start to beta_end (DDPM paper, §4).</summary>
    Linear,

    /// <summary><c>scaled_linear</c>: √β evenly spaced, then squared (latent diffusion / Stable Diffusion).</summary>
    ScaledLinear,

    /// <summary><c>squaredcos_cap_v2</c>: the cosine ᾱ(t) of Nichol &amp; Dhariwal (2021), eq. 17, β capped at 0.999.</summary>
    SquaredcosCapV2,
}
