using MemControl.Models.Unets;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.AttentionTuning;
using MemControl.Peft.DiffFit;
using MemControl.Peft.FullFineTuning;
using MemControl.Peft.Lora;
using MemControl.Peft.Masks;
using MemControl.Peft.SvDiff;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// One fine-tuning step (forward + MSE + backward + AdamW) per PEFT method, each attached to a fresh UNet of the same
/// shape with random weights: median/min ms, trainable values, and the step time relative to full fine-tuning.
/// SV-DIFF is also timed with the paper's official13 mask (1,1,0,0,0,0,1,1,1,0,0,0,0, docs/decisions.md §4).
/// Options: --config tiny|sd15|PATH, --batch N, --size N, --steps N.
/// </summary>
public sealed class PeftStepBenchmark : IBenchmark
{
    private const string PaperMask = "1,1,0,0,0,0,1,1,1,0,0,0,0";

    public string Name => "peft-step";

    public string Description => "fine-tuning step per PEFT method (full, attention, SV-DIFF, DiffFit, LoRA): ms and ratio to full";

    public object Run(IReadOnlyList<string> args)
    {
        var settings = UnetBenchmarkSettings.Parse(args);
        var (configName, config, batch, size, steps, options) = (settings.ConfigName, settings.Config, settings.Batch, settings.Size, settings.Steps, settings.Options);

        var methods = new (string Name, PeftConfig Config, string? Mask)[]
        {
            ("full", new FullFineTuningConfig(), null),
            ("attention", new AttentionTuningConfig(), null),
            ("svdiff", new SvDiffConfig(), null),
            ("svdiff-memcontrol-paper-mask", new SvDiffConfig { Kind = SvDiffVariant.Memcontrol }, PaperMask),
            ("difffit", new DiffFitConfig(), null),
            ("lora", new LoraConfig(), null),
        };

        var results = new List<object>();
        double? fullMedian = null;
        foreach (var (name, peftConfig, maskText) in methods)
        {
            var generator = new Generator(0);
            manual_seed(0);
            using var model = new UNet2DConditionModel(config);
            using var sample = randn([batch, config.InChannels, size, size], generator: generator);
            using var timestep = randint(0, 1000, [batch], dtype: ScalarType.Int64, generator: generator);
            using var text = randn([batch, 77, config.CrossAttentionDim], generator: generator);
            using var target = randn([batch, config.OutChannels, size, size], generator: generator);
            var mask = maskText is null ? null : LayerMask.Parse(MaskSpace.Official13, maskText);
            var adapter = AdapterSet.Attach(model, peftConfig, new PeftContext("benchmark"), mask);
            var trainable = adapter.Parameters();

            model.train();
            using var optimizer = optim.AdamW(trainable, lr: 1e-5, weight_decay: 1e-2);
            var timing = (dynamic)UnetBenchmark.Measure(steps, () =>
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                var loss = nn.functional.mse_loss(model.call(sample, timestep, text), target);
                loss.backward();
                optimizer.step();
            });
            double median = timing.median;
            fullMedian ??= median;
            results.Add(new
            {
                method = name,
                trainable = adapter.TrainableCount,
                step_ms = timing,
                ratio_to_full = Math.Round(median / fullMedian.Value, 3),
            });
        }

        return new
        {
            benchmark = Name,
            config = configName,
            batch,
            size,
            steps,
            threads = get_num_threads(),
            methods = results,
            peak_rss_mib = Math.Round(UnetBenchmark.PeakResidentMiB(), 1),
        };
    }
}
