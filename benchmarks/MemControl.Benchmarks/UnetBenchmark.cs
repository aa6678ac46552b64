using System.Diagnostics;
using MemControl.Models.Unets;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// Times UNet training and inference steps with random weights: a full-trainable step (forward + MSE + backward +
/// AdamW), an attention-only step (only parameters under <c>.attentions.</c> train) and a frozen no-grad forward.
/// Options: --config tiny|sd15|PATH (tiny = the parity fixture's shape, embedded), --batch N, --size N (latent
/// height/width), --steps N (timed repetitions after one warm-up), --device cpu.
/// </summary>
public sealed class UnetBenchmark : IBenchmark
{
    /// <summary>The parity fixture's UNet shape (SD-1.5 layout, channels 32/32/64/64, text width 32), embedded.</summary>
    internal static readonly UNet2DConditionConfig TinyConfig = UNet2DConditionConfig.StableDiffusion15 with
    {
        BlockOutChannels = [32, 32, 64, 64],
        CrossAttentionDim = 32,
        SampleSize = 8,
    };

    public string Name => "unet";

    public string Description => "UNet training step (full, attention-only) and frozen forward: median/min ms, peak RSS";

    public object Run(IReadOnlyList<string> args)
    {
        var settings = UnetBenchmarkSettings.Parse(args, "--device");
        var (configName, config, batch, size, steps, options) = (settings.ConfigName, settings.Config, settings.Batch, settings.Size, settings.Steps, settings.Options);
        var deviceName = options.GetValueOrDefault("--device", "cpu");
        if (deviceName != "cpu")
        {
            throw new ArgumentException($"--device {deviceName} is not supported yet (only cpu)");
        }

        manual_seed(0);
        using var model = new UNet2DConditionModel(config);
        using var sample = randn(batch, config.InChannels, size, size);
        using var timestep = randint(0, 1000, [batch], dtype: ScalarType.Int64);
        using var text = randn(batch, 77, config.CrossAttentionDim);
        using var target = randn(batch, config.OutChannels, size, size);

        var allParameters = model.named_parameters().ToArray();
        var full = TimeTrainingStep(model, allParameters.Select(p => p.parameter).ToArray(), allParameters, sample, timestep, text, target, steps);
        var attentionParameters = allParameters.Where(p => p.name.Contains(".attentions.", StringComparison.Ordinal)).Select(p => p.parameter).ToArray();
        var attention = TimeTrainingStep(model, attentionParameters, allParameters, sample, timestep, text, target, steps);
        var frozen = TimeFrozenForward(model, sample, timestep, text, steps);

        return new
        {
            benchmark = Name,
            config = configName,
            batch,
            size,
            steps,
            device = deviceName,
            threads = get_num_threads(),
            parameters = allParameters.Sum(p => p.parameter.numel()),
            attention_parameters = attentionParameters.Sum(p => p.numel()),
            full_training_step_ms = full,
            attention_only_training_step_ms = attention,
            frozen_forward_ms = frozen,
            peak_rss_mib = Math.Round(PeakResidentMiB(), 1),
        };
    }

    private static object TimeTrainingStep(UNet2DConditionModel model, Parameter[] trainable,
        (string name, Parameter parameter)[] all, Tensor sample, Tensor timestep, Tensor text, Tensor target, int steps)
    {
        var trainableSet = trainable.ToHashSet();
        foreach (var (_, parameter) in all)
        {
            parameter.requires_grad = trainableSet.Contains(parameter);
        }

        model.train();
        using var optimizer = optim.AdamW(trainable, lr: 1e-5, weight_decay: 1e-2);
        var timings = Measure(steps, () =>
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = nn.functional.mse_loss(model.call(sample, timestep, text), target);
            loss.backward();
            optimizer.step();
        });
        foreach (var (_, parameter) in all)
        {
            parameter.requires_grad = true;
        }

        return timings;
    }

    private static object TimeFrozenForward(UNet2DConditionModel model, Tensor sample, Tensor timestep, Tensor text, int steps)
    {
        model.eval();
        return Measure(steps, () =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            model.call(sample, timestep, text);
        });
    }

    /// <summary>One untimed warm-up, then <paramref name="steps"/> timed runs.</summary>
    internal static object Measure(int steps, Action step)
    {
        step();
        var milliseconds = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var watch = Stopwatch.StartNew();
            step();
            milliseconds[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        var median = steps % 2 == 1 ? milliseconds[steps / 2] : (milliseconds[(steps / 2) - 1] + milliseconds[steps / 2]) / 2;
        return new { median = Math.Round(median, 2), min = Math.Round(milliseconds[0], 2) };
    }

    /// <summary>Peak resident set size (VmHWM) of this process, from /proc on Linux.</summary>
    internal static double PeakResidentMiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        }

        var line = File.ReadLines(status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kib = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return kib / 1024.0;
    }

    internal static Dictionary<string, string> ParseOptions(IReadOnlyList<string> args, params string[] known)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            if (!known.Contains(args[i]))
            {
                throw new ArgumentException($"unknown option '{args[i]}' (known: {string.Join(", ", known)})");
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"option '{args[i]}' needs a value");
            }

            options[args[i]] = args[++i];
        }

        return options;
    }

    internal static int PositiveInt(Dictionary<string, string> options, string name, int defaultValue)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return int.TryParse(text, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} must be a positive integer, not '{text}'");
    }
}
