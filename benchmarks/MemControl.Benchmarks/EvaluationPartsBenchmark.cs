using MemControl.Data.Phantoms;
using MemControl.Metrics.Evaluation;
using MemControl.Metrics.Features;
using MemControl.Models.Pipelines;
using MemControl.Workflow.BaseModels;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// Where one benchmark row's evaluation spends its time (docs/performance.md, "Where the time goes"): the built-in
/// model evaluated as a row of <c>demo --quick</c> is (15 DDIM steps, 8 held-out prompts × 2 images, 4 memorization
/// prompts × 4 samples, copy thresholds calibrated), on phantoms, in thread CPU time with one torch thread and one
/// ONNX Runtime thread (a benchmark worker's share), split by the evaluation's own progress stages.
/// Options: --training N (distinct training images, default 112 as in the quick demo), --prompts N (default 8),
/// --steps N (sampling steps, default 15). Two rows are evaluated: the first computes the images' features
/// (<see cref="FeatureFileCache"/> in a temporary folder), the second reads the training and held-out ones back.
/// </summary>
public sealed class EvaluationPartsBenchmark : IBenchmark
{
    public string Name => "evaluation-parts";

    public string Description => "one benchmark row's evaluation split by stage (generation, ResNet features, neighbours...), thread CPU time";

    public object Run(IReadOnlyList<string> args)
    {
        var options = UnetBenchmark.ParseOptions(args, "--training", "--prompts", "--steps");
        var trainingCount = UnetBenchmark.PositiveInt(options, "--training", 112);
        var prompts = UnetBenchmark.PositiveInt(options, "--prompts", 8);
        var steps = UnetBenchmark.PositiveInt(options, "--steps", 15);
        if (!ResNet18Featurizer.IsAvailable)
        {
            throw new ArgumentException($"the ResNet-18 ONNX files are absent under {ResNet18Featurizer.ModelDirectory}");
        }

        set_num_threads(1);
        var (model, _) = BaseModel.Load(BuiltinModel.Name);
        using var features = ResNet18Featurizer.Create(batchSize: 16, intraOpThreads: 1);
        var training = PhantomDataset.Create(new PhantomOptions { Count = trainingCount, Seed = 0 });
        var heldOut = PhantomDataset.Create(new PhantomOptions { Count = prompts, Seed = 1 });
        var inputs = new EvaluationInputs(training, heldOut, [0, 1, 2, 3]);
        var evaluation = new EvaluationOptions
        {
            ImagesPerPrompt = 2,
            SamplesPerMemorizationPrompt = 4,
            Steps = steps,
            CalibrateThresholds = true,
            KeepImages = false,
        };

        // Two rows as a benchmark's workers evaluate them: the first fills the run's feature cache, the second reads it.
        var cacheFolder = Path.Combine(Path.GetTempPath(), $"memcontrol-bench-features-{Guid.NewGuid():N}");
        var cache = new FeatureFileCache(features, cacheFolder);
        try
        {
            var rows = new[] { Row(model, cache, inputs, evaluation), Row(model, cache, inputs, evaluation) };
            return new
            {
                benchmark = Name,
                clock = "thread CPU time, 1 torch thread, 1 ONNX Runtime thread",
                training_images = trainingCount,
                held_out_prompts = prompts,
                sampling_steps = steps,
                first_row = rows[0],
                second_row_with_cached_features = rows[1],
            };
        }
        finally
        {
            model.Dispose();
            System.IO.Directory.Delete(cacheFolder, recursive: true);
        }
    }

    /// <summary>One evaluation, split by the stages its progress reports name.</summary>
    private static object Row(StableDiffusion model, IImageFeatureExtractor features, EvaluationInputs inputs, EvaluationOptions evaluation)
    {
        var stages = new List<(string Stage, double Milliseconds)>();
        var current = "start";
        var since = ThreadCpuClock.Milliseconds();
        void Switch(string stage)
        {
            var now = ThreadCpuClock.Milliseconds();
            stages.Add((current, now - since));
            (current, since) = (stage, now);
        }

        var start = ThreadCpuClock.Milliseconds();
        new ModelEvaluator(model, features).Evaluate(inputs, evaluation, p =>
        {
            if (p.Stage != current)
            {
                Switch(p.Stage);
            }
        });
        Switch("end");
        var total = ThreadCpuClock.Milliseconds() - start;
        return new
        {
            total_ms = Math.Round(total),
            stages_ms = stages.Skip(1).GroupBy(s => s.Stage)
                .Select(g => new { stage = g.Key, ms = Math.Round(g.Sum(s => s.Milliseconds)), share = Math.Round(g.Sum(s => s.Milliseconds) / total, 3) })
                .OrderByDescending(s => s.ms).ToArray(),
        };
    }
}
