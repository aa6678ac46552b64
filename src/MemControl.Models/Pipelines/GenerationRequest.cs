namespace MemControl.Models.Pipelines;

/// <summary>What to generate. Either a seed or given initial latents fixes the starting noise.</summary>
/// <param name="Prompts">One prompt per image.</param>
/// <param name="NegativePrompts">The unconditional prompts of classifier-free guidance; null = the empty prompt.</param>
/// <param name="Steps">Denoising steps of the sampler.</param>
/// <param name="GuidanceScale">Classifier-free guidance weight w; ≤ 1 turns guidance off (one UNet pass per step).</param>
/// <param name="Height">Image height in pixels; null = the UNet's sample size × latent scale.</param>
/// <param name="Width">Image width in pixels; null = as height.</param>
/// <param name="Seed">Seed of the starting noise and of stochastic samplers.</param>
/// <param name="Latents">Given starting latents [B, C, h, w] (overrides the seed's noise), as diffusers' <c>latents=</c>.</param>
public sealed record GenerationRequest(
    IReadOnlyList<string> Prompts,
    IReadOnlyList<string>? NegativePrompts = null,
    int Steps = 50,
    double GuidanceScale = 7.5,
    int? Height = null,
    int? Width = null,
    long Seed = 0,
    TorchSharp.torch.Tensor? Latents = null);
