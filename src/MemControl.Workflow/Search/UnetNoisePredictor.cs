using MemControl.Metrics.Memorization;
using MemControl.Models.Pipelines;
using static TorchSharp.torch;

namespace MemControl.Workflow.Search;

/// <summary>ε̂(x_t, t, c) of a pipeline's UNet (with whatever adapter is attached), as the denoising-strength probe calls it.</summary>
public sealed class UnetNoisePredictor(StableDiffusion model) : INoisePredictor
{
    public Tensor Predict(Tensor latents, Tensor timesteps, Tensor textStates) =>
        model.Unet.call(latents.to(model.Device), timesteps.to(model.Device), textStates.to(model.Device));
}
