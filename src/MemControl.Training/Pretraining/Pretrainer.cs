using System.Diagnostics;
using MemControl.Data;
using MemControl.Data.Augmentation;
using MemControl.Data.Images;
using MemControl.Data.Loading;
using MemControl.Models.Pipelines;
using MemControl.Models.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Training.Pretraining;

/// <summary>
/// Trains a text-to-image model from scratch — its UNet and its text encoder together, as the base model that
/// fine-tuning then starts from (the built-in model's pre-training; SD's own text encoder comes pre-trained, ours
/// cannot). Per step: encode the captions with gradients, draw t ~ U[0, T) and ε ~ N(0, I), noise the images with the
/// DDPM forward process, minimise the MSE to ε. Every draw is a function of (seed, step), as in <see cref="FineTuner"/>.
/// The exponential moving average of the weights is copied into the model at the end: it is the result.
/// </summary>
public sealed class Pretrainer(StableDiffusion model, PretrainOptions options)
{
    public StableDiffusion Model { get; } = model;

    public PretrainOptions Options { get; } = options;

    public PretrainResult Run(IImageCaptionDataset dataset, Action<TrainingProgress>? onStep = null, CancellationToken cancellationToken = default)
    {
        Options.Validate();
        var parameters = Model.Unet.parameters().Concat(Model.TextEncoder.parameters()).ToList();
        using var optimizer = optim.Adam(parameters, Options.LearningRate);
        var ema = parameters.Select(p => p.detach().clone()).ToList();
        var schedule = new NoiseSchedule(Model.SchedulerConfig);
        var warmup = new LearningRateSchedule(Options.WarmupSteps);
        var imageSize = (Model.Unet.Config.SampleSize ?? 64) * Model.LatentScale;
        var loader = new BatchLoader(
            dataset,
            new ImagePreprocessor(imageSize, Model.ImageChannels),
            new BatchLoaderOptions { BatchSize = Options.BatchSize, Seed = Options.Seed, Shuffle = true, DropLast = true },
            [new CaptionDropout(Options.CaptionDropout)]);

        Model.Unet.train();
        Model.TextEncoder.train();
        var losses = new List<double>();
        var clock = Stopwatch.StartNew();
        var step = 0;
        for (var epoch = 0; step < Options.Steps; epoch++)
        {
            var any = false;
            foreach (var batch in loader.Epoch(epoch, cancellationToken))
            {
                using (batch)
                {
                    any = true;
                    optimizer.ParamGroups.First().LearningRate = Options.LearningRate * warmup.Factor(step);
                    var loss = Step(batch, schedule, optimizer, parameters, step);
                    step++;
                    if (!double.IsFinite(loss))
                    {
                        throw new NonFiniteLossException(step, loss, null);
                    }

                    losses.Add(loss);
                    ExponentialMovingAverage.Update(ema, parameters, Options.EmaDecay);
                    onStep?.Invoke(new TrainingProgress(step, Options.Steps, loss, step / Math.Max(1e-9, clock.Elapsed.TotalSeconds)));
                }

                if (step >= Options.Steps)
                {
                    break;
                }
            }

            if (!any)
            {
                throw new InvalidDataException($"{dataset.Name}: no batch of {Options.BatchSize} images could be decoded; nothing to train on");
            }
        }

        using (no_grad())
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                parameters[i].copy_(ema[i]);
                ema[i].Dispose();
            }
        }

        Model.SetEvaluationMode();
        return new PretrainResult(step, losses, loader.Skipped.Select(s => s.ToString()).ToList(), clock.Elapsed.TotalSeconds);
    }

    private double Step(TrainingBatch batch, NoiseSchedule schedule, optim.Optimizer optimizer, IReadOnlyList<TorchSharp.Modules.Parameter> parameters, int step)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(unchecked((ulong)(((long)Options.Seed * 1_000_003L) + step + 1)), Model.Device);
        var images = Model.ImagesToLatents(batch.Pixels, generator);
        var ids = Model.Tokenizer.EncodeBatch(batch.Captions, Model.PromptLength).to(Model.Device);
        var states = Model.TextEncoder.call(ids).LastHiddenState;
        var size = images.shape[0];
        var noise = randn(images.shape, dtype: images.dtype, device: Model.Device, generator: generator);
        var timesteps = randint(0, schedule.NumTrainTimesteps, [size], dtype: ScalarType.Int64, device: Model.Device, generator: generator);
        var noisy = schedule.AddNoise(images, noise, timesteps);
        var prediction = Model.Unet.call(noisy, timesteps, states);
        var loss = nn.functional.mse_loss(prediction, noise);
        optimizer.zero_grad();
        loss.backward();
        if (Options.GradientClip > 0)
        {
            nn.utils.clip_grad_norm_(parameters, Options.GradientClip);
        }

        var value = loss.item<float>();
        if (double.IsFinite(value))
        {
            optimizer.step();
        }

        return value;
    }
}
