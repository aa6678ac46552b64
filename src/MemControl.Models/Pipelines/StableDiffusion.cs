using MemControl.Models.Autoencoders;
using MemControl.Models.Loading;
using MemControl.Models.Runtime;
using MemControl.Models.Schedulers;
using MemControl.Models.TextEncoders;
using MemControl.Models.Unets;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Models.Pipelines;

/// <summary>
/// A Stable Diffusion 1.x model as one object: UNet, optional VAE, CLIP text encoder, tokenizer and the scheduler
/// configuration, loaded from a diffusers pipeline folder (<c>model_index.json</c> + component folders).
/// Without a <c>vae</c> component the model works in pixel space (latents are images in [-1, 1]); the built-in small
/// model may use that.
/// </summary>
public sealed class StableDiffusion : IDisposable
{
    public StableDiffusion(
        UNet2DConditionModel unet,
        AutoencoderKL? vae,
        ClipTextModel textEncoder,
        ClipTokenizer tokenizer,
        SchedulerConfig schedulerConfig,
        string? directory = null)
    {
        Unet = unet;
        Vae = vae;
        TextEncoder = textEncoder;
        Tokenizer = tokenizer;
        SchedulerConfig = schedulerConfig;
        Directory = directory;
        Device = unet.parameters().First().device;
        if (vae is null && unet.Config.InChannels is not (1 or 3))
        {
            throw new InvalidDataException(
                $"{directory ?? "model"}: no vae component, so the UNet must work on images (in_channels 1 or 3), but in_channels is {unet.Config.InChannels}");
        }
    }

    public UNet2DConditionModel Unet { get; }

    public AutoencoderKL? Vae { get; }

    public ClipTextModel TextEncoder { get; }

    public ClipTokenizer Tokenizer { get; }

    public SchedulerConfig SchedulerConfig { get; }

    /// <summary>The folder the model was loaded from, if any.</summary>
    public string? Directory { get; }

    public Device Device { get; private set; }

    /// <summary>How many pixels one latent cell covers per side: 2^(VAE levels − 1), or 1 in pixel space.</summary>
    public int LatentScale => Vae is null ? 1 : 1 << (Vae.Config.BlockOutChannels.Count - 1);

    /// <summary>Image channels the model produces: the VAE's output channels, or the UNet's in pixel space.</summary>
    public int ImageChannels => Vae?.Config.OutChannels ?? Unet.Config.OutChannels;

    /// <summary>The sequence length prompts are padded to (the text encoder's positions, 77 for SD-1.x).</summary>
    public int PromptLength => TextEncoder.Config.MaxPositionEmbeddings;

    /// <summary>
    /// Loads a diffusers pipeline folder strictly: every component's weights must match its config exactly; pickled
    /// weights are refused. The scheduler defaults to SD-1.5's PNDM when the folder has none.
    /// </summary>
    public static StableDiffusion Load(string directory)
    {
        var folder = DiffusersFolder.Open(directory);
        Require(folder, "unet");
        Require(folder, "text_encoder");
        Require(folder, "tokenizer");

        var unetComponent = folder.OpenComponent("unet");
        var unet = new UNet2DConditionModel(UNet2DConditionConfig.FromJson(unetComponent.ConfigJson, unetComponent.ConfigPath));
        unetComponent.LoadInto(unet);

        AutoencoderKL? vae = null;
        if (folder.HasComponent("vae"))
        {
            var vaeComponent = folder.OpenComponent("vae");
            vae = new AutoencoderKL(AutoencoderKLConfig.FromJson(vaeComponent.ConfigJson, vaeComponent.ConfigPath));
            vaeComponent.LoadInto(vae);
        }

        var textComponent = folder.OpenComponent("text_encoder");
        var textEncoder = new ClipTextModel(ClipTextConfig.Load(textComponent.ConfigPath));
        textComponent.LoadInto(textEncoder);

        var tokenizer = ClipTokenizer.FromFolder(folder.ComponentDirectory("tokenizer"));
        var schedulerConfig = folder.HasComponent("scheduler")
            ? SchedulerConfig.Load(DiffusersComponent.Open(folder.ComponentDirectory("scheduler")).ConfigPath)
            : SchedulerConfig.StableDiffusion15();

        var model = new StableDiffusion(unet, vae, textEncoder, tokenizer, schedulerConfig, directory);
        model.SetEvaluationMode();
        return model;
    }

    /// <summary>Moves every module to a device (and optionally a floating-point dtype for the frozen weights).</summary>
    public void MoveTo(Device device, ScalarType? dtype = null)
    {
        foreach (var module in Modules())
        {
            module.to(device);
            if (dtype is { } type)
            {
                module.to(type);
            }
        }

        Device = device;
    }

    /// <summary>
    /// Text conditioning for prompts: the text encoder's last hidden state [B, 77, H] (SD-1.x conditions on it),
    /// computed without gradients since the text encoder is never fine-tuned (docs/decisions.md §1).
    /// </summary>
    public Tensor EncodePrompts(IReadOnlyList<string> prompts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var ids = Tokenizer.EncodeBatch(prompts, PromptLength);

        // The other outputs (pooled, penultimate) are freed with the scope.
        var output = TextEncoder.call(ids.to(Device));
        return output.LastHiddenState.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Images in [-1, 1] [B, C, H, W] → the latents the UNet denoises: a posterior sample times the VAE's scaling factor
    /// (diffusers' training scripts), or the images themselves in pixel space.
    /// </summary>
    public Tensor ImagesToLatents(Tensor images, Generator? generator = null, bool sample = true)
    {
        if (Vae is null)
        {
            return images.to(LatentDType, Device).alias();
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var posterior = Vae.Encode(images.to(LatentDType, Device));
        var latents = (sample ? posterior.Sample(generator) : posterior.Mode()).Times(Vae.ScalingFactor);
        return latents.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Like <see cref="ImagesToLatents(Tensor, Generator?, bool)"/> with the posterior's standard-normal draw given
    /// (shape of the latents): mean + std · <paramref name="posteriorNoise"/>, times the scaling factor. Lets a caller
    /// draw the noise of a whole effective batch at once and encode it in slices. Ignored in pixel space.
    /// </summary>
    public Tensor ImagesToLatents(Tensor images, Tensor posteriorNoise)
    {
        if (Vae is null)
        {
            return images.to(LatentDType, Device).alias();
        }

        using var scope = NewDisposeScope();
        var (mean, std) = ImagesToPosterior(images);
        return PosteriorToLatents(mean, std, posteriorNoise).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The VAE posterior of images in [-1, 1] [B, C, H, W]: its mean and standard deviation [B, latent, H/8, W/8] in
    /// the VAE's dtype, without the scaling factor (what a latent cache keeps, docs/scale.md). Needs a VAE.
    /// </summary>
    public (Tensor Mean, Tensor Std) ImagesToPosterior(Tensor images)
    {
        var vae = Vae ?? throw new InvalidOperationException("a pixel-space model has no posterior");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var posterior = vae.Encode(images.to(LatentDType, Device));
        return (posterior.Mean.alias().MoveToOuterDisposeScope(), posterior.Std.alias().MoveToOuterDisposeScope());
    }

    /// <summary>The latents of a posterior draw: (mean + std · <paramref name="posteriorNoise"/>) times the VAE's scaling factor.</summary>
    public Tensor PosteriorToLatents(Tensor mean, Tensor std, Tensor posteriorNoise)
    {
        var vae = Vae ?? throw new InvalidOperationException("a pixel-space model has no posterior");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return mean.Plus(std * posteriorNoise).Times(vae.ScalingFactor).MoveToOuterDisposeScope();
    }

    /// <summary>The dtype latents are made in: the VAE's weights' (or, in pixel space, the UNet's).</summary>
    public ScalarType LatentDType => ((nn.Module?)Vae ?? Unet).parameters().First().dtype;

    /// <summary>Latents → images in [0, 1] (decode of latents / scaling factor, then (x / 2 + 0.5) clamped, as diffusers).</summary>
    public Tensor LatentsToImages(Tensor latents)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var images = Vae is null ? latents.alias() : Vae.Decode(latents.DividedBy(Vae.ScalingFactor));
        return images.DividedBy(2).Plus(0.5).ClampedTo(0, 1).MoveToOuterDisposeScope();
    }

    public void SetEvaluationMode()
    {
        foreach (var module in Modules())
        {
            module.eval();
        }
    }

    public void Dispose()
    {
        foreach (var module in Modules())
        {
            module.Dispose();
        }
    }

    private IEnumerable<nn.Module> Modules()
    {
        yield return Unet;
        if (Vae is not null)
        {
            yield return Vae;
        }

        yield return TextEncoder;
    }

    private static void Require(DiffusersFolder folder, string component)
    {
        if (!folder.HasComponent(component))
        {
            throw new InvalidDataException(
                $"{Path.Combine(folder.Directory, DiffusersFolder.ModelIndexFileName)}: the pipeline has no '{component}' component");
        }
    }
}
