using MemControl.Metrics.Memorization;
using MemControl.Models.Pipelines;
using MemControl.Models.Schedulers;
using static TorchSharp.torch;

namespace MemControl.Metrics.Evaluation;

/// <summary>ε̂(x_t, t, c) of a Stable Diffusion UNet, with the scheduler's input scaling (the identity for DDIM).</summary>
public sealed class UnetNoisePredictor(StableDiffusion model, IDiffusionScheduler scheduler) : INoisePredictor
{
    public Tensor Predict(Tensor latents, Tensor timesteps, Tensor textStates)
    {
        var t = timesteps.cpu().data<long>()[0];
        return model.Unet.call(scheduler.ScaleModelInput(latents, t), timesteps, textStates);
    }
}
