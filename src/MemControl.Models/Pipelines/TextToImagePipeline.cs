using MemControl.Models.Runtime;
using MemControl.Models.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Pipelines;

/// <summary>
/// Prompt → image with classifier-free guidance, as diffusers' StableDiffusionPipeline: encode the prompt and the
/// negative prompt, start from noise × init sigma, then per sampler step run the UNet on [uncond; cond], combine
/// ε = ε_u + w (ε_c − ε_u) and step the scheduler; finally decode. Inference only.
/// </summary>
public sealed class TextToImagePipeline(StableDiffusion model, IDiffusionScheduler scheduler)
{
    public StableDiffusion Model { get; } = model;

    public IDiffusionScheduler Scheduler { get; } = scheduler;

    /// <summary>A pipeline with the sampler named in the model's scheduler configuration.</summary>
    public static TextToImagePipeline For(StableDiffusion model) =>
        new(model, DiffusionSchedulers.Create(model.SchedulerConfig));

    /// <summary>
    /// Generates one image per prompt: float32 [B, C, H, W] in [0, 1] on the CPU. <paramref name="onStep"/> is called
    /// after each sampler step with (step, total).
    /// </summary>
    public Tensor Generate(GenerationRequest request, Action<int, int>? onStep = null)
    {
        if (request.Prompts.Count == 0)
        {
            throw new ArgumentException("prompts: at least one prompt is needed");
        }

        if (request.Steps < 1)
        {
            throw new ArgumentException($"{nameof(GenerationRequest.Steps)}: must be at least 1, not {request.Steps}");
        }

        if (request.NegativePrompts is { } negatives && negatives.Count != request.Prompts.Count)
        {
            throw new ArgumentException($"negative prompts: {negatives.Count} given for {request.Prompts.Count} prompts");
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var guided = request.GuidanceScale > 1.0;
        var batch = request.Prompts.Count;

        var conditioning = Model.EncodePrompts(request.Prompts);
        if (guided)
        {
            var unconditional = Model.EncodePrompts(request.NegativePrompts ?? Enumerable.Repeat(string.Empty, batch).ToList());
            conditioning = cat([unconditional, conditioning], 0);
        }

        var latents = InitialLatents(request, batch, conditioning.dtype);
        Scheduler.SetTimesteps(request.Steps);
        var timesteps = Scheduler.Timesteps;
        for (var i = 0; i < timesteps.Count; i++)
        {
            using var stepScope = NewDisposeScope();
            var t = timesteps[i];
            var input = Scheduler.ScaleModelInput(guided ? cat([latents, latents], 0) : latents, t);
            using var timestep = tensor(t, ScalarType.Int64, Model.Device);
            var noise = Model.Unet.call(input, timestep, conditioning);
            if (guided)
            {
                var halves = noise.chunk(2, 0);
                noise = halves[0].Plus((halves[1] - halves[0]).Times(request.GuidanceScale));
            }

            latents = Scheduler.Step(noise, t, latents).MoveToOuterDisposeScope();
            onStep?.Invoke(i + 1, timesteps.Count);
        }

        return Model.LatentsToImages(latents).to(ScalarType.Float32).cpu().MoveToOuterDisposeScope();
    }

    private Tensor InitialLatents(GenerationRequest request, int batch, ScalarType dtype)
    {
        if (request.Latents is { } given)
        {
            if (given.shape[0] != batch)
            {
                throw new ArgumentException($"latents: batch {given.shape[0]} given for {batch} prompts");
            }

            return given.to(dtype).to(Model.Device).Times(Scheduler.InitNoiseSigma);
        }

        var scale = Model.LatentScale;
        var height = request.Height ?? ((Model.Unet.Config.SampleSize ?? 64) * scale);
        var width = request.Width ?? height;
        if (height % scale != 0 || width % scale != 0)
        {
            throw new ArgumentException($"{nameof(GenerationRequest.Height)}/{nameof(GenerationRequest.Width)}: {height}×{width} must be multiples of {scale} for this model");
        }

        var generator = new Generator((ulong)request.Seed, Model.Device);
        var noise = randn([batch, Model.Unet.Config.InChannels, height / scale, width / scale], dtype: ScalarType.Float32, device: Model.Device, generator: generator);
        return noise.to(dtype).Times(Scheduler.InitNoiseSigma);
    }
}
