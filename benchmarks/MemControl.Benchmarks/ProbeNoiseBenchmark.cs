using System.Globalization;
using MemControl.Data;
using MemControl.Data.Images;
using MemControl.Metrics.Memorization;
using MemControl.Metrics.Statistics;
using MemControl.Models.Pipelines;
using MemControl.Models.Schedulers;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Search;
using static TorchSharp.torch;

namespace MemControl.Benchmarks;

/// <summary>
/// The measurement noise of the search's denoising-strength objectives alone: trained adapters are held fixed (a run's
/// benchmark rows) and only the probe's draws (timesteps and noises, the probe seed) change, for several numbers of
/// timesteps per sample K and both aggregations over the memorization set (max, the authors'; mean). A pick between two
/// trials can trust the objective only where the paired difference between two models is larger than this noise
/// (docs/search.md). The memorization set and plain prompts are the run's search's own (SearchData of its search.json).
///   ./bench probe-noise --run RUN [--part seed-0] [--rows difffit,memcontrol,full] [--timesteps 4,16,64] [--probe-seeds 8]
/// </summary>
public sealed class ProbeNoiseBenchmark : IBenchmark
{
    public string Name => "probe-noise";

    public string Description => "The search objective's noise from its probe draws alone, for fixed trained adapters, by K and aggregation.";

    public object Run(IReadOnlyList<string> args)
    {
        var run = BenchmarkArguments.Option(args, "--run") ?? throw new ArgumentException("--run: a run folder with search/search.json and benchmark rows is required.");
        var part = BenchmarkArguments.Option(args, "--part") ?? "seed-0";
        var rows = (BenchmarkArguments.Option(args, "--rows") ?? "difffit,memcontrol,full").Split(',');
        var timesteps = (BenchmarkArguments.Option(args, "--timesteps") ?? "4,16,64").Split(',').Select(k => int.Parse(k, CultureInfo.InvariantCulture)).ToList();
        var probeSeeds = int.Parse(BenchmarkArguments.Option(args, "--probe-seeds") ?? "8", CultureInfo.InvariantCulture);
        var settings = SearchSummary.Load(Path.Combine(run, "search", SearchFiles.Summary)).Settings;
        var data = SearchData.Build(settings);

        var models = new List<StableDiffusion>();
        try
        {
            foreach (var row in rows)
            {
                var (model, identity) = BaseModel.Load(settings.Model);
                models.Add(model);
                AdapterSet.Load(model.Unet, Path.Combine(run, "benchmark", part, "rows", row), new PeftContext(identity));
                model.SetEvaluationMode();
            }

            var first = models[0];
            var (memLatents, memStates) = Encode(first, data.Memorization.Memorization);
            var (plainLatents, plainStates) = Encode(first, data.PlainPrompts);
            using var empty = first.EncodePrompts([string.Empty]);
            var schedule = new NoiseSchedule(first.SchedulerConfig);

            // values[(K, aggregation)][row][probe seed]
            var values = new Dictionary<(int K, string Aggregation), double[][]>();
            foreach (var k in timesteps)
            {
                values[(k, "max")] = rows.Select(_ => new double[probeSeeds]).ToArray();
                values[(k, "mean")] = rows.Select(_ => new double[probeSeeds]).ToArray();
                for (var s = 0; s < probeSeeds; s++)
                {
                    // The search's streams: memorization set 1, plain prompts 2, from seed × 1,000,003.
                    using var memorization = new DenoisingStrengthProbe(memLatents, memStates, empty, schedule.AddNoise, k, (s * 1_000_003L) + 1, schedule.NumTrainTimesteps, 16);
                    using var plain = new DenoisingStrengthProbe(plainLatents, plainStates, empty, schedule.AddNoise, k, (s * 1_000_003L) + 2, schedule.NumTrainTimesteps, 16);
                    for (var r = 0; r < rows.Length; r++)
                    {
                        var predictor = new UnetNoisePredictor(models[r]);
                        var m = memorization.Measure(predictor);
                        var p = plain.Measure(predictor);
                        values[(k, "max")][r][s] = m.Max() / p.Max();
                        values[(k, "mean")][r][s] = m.Average() / p.Average();
                    }
                }

                // Each K's figures as they are done, so a long run stopped early keeps what it measured.
                foreach (var aggregation in new[] { "max", "mean" })
                {
                    var v = values[(k, aggregation)];
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"K {k}, {aggregation}: per row mean ± sd over probe seeds {string.Join(", ", rows.Select((row, r) => $"{row} {v[r].Average():0.0000} ± {Sd(v[r]):0.0000}"))}"));
                }
            }

            return new
            {
                benchmark = Name,
                run = Path.GetFullPath(run),
                part,
                rows,
                probe_seeds = probeSeeds,
                memorization_samples = data.Memorization.Memorization.Items.Count,
                plain_samples = data.PlainPrompts.Items.Count,
                results = values.Select(entry => new
                {
                    timesteps_per_sample = entry.Key.K,
                    aggregation = entry.Key.Aggregation,
                    per_row = rows.Select((row, r) => new { row, mean = Round(entry.Value[r].Average()), sd_over_probe_seeds = Round(Sd(entry.Value[r])) }),
                    paired_against_first_row = rows.Skip(1).Select((row, i) =>
                    {
                        var differences = entry.Value[i + 1].Zip(entry.Value[0], (a, b) => a - b).ToArray();
                        var interval = MeanInterval.StudentT(differences);
                        return new
                        {
                            row,
                            mean_difference = Round(interval.Mean),
                            sd_over_probe_seeds = Round(Sd(differences)),

                            // Below 1: one probe draw orders this pair as the mean over draws does, most of the time.
                            noise_to_difference = Round(Sd(differences) / Math.Abs(interval.Mean)),
                        };
                    }),
                }),
            };
        }
        finally
        {
            models.ForEach(m => m.Dispose());
        }
    }

    /// <summary>The items' latents and caption states, as the search's probes encode them.</summary>
    private static (Tensor Latents, Tensor States) Encode(StableDiffusion model, IImageCaptionDataset items)
    {
        var size = (model.Unet.Config.SampleSize ?? 16) * model.LatentScale;
        var preprocessor = new ImagePreprocessor(size, model.ImageChannels);
        using var images = stack(Enumerable.Range(0, items.Items.Count).Select(i => preprocessor.ToTensor(items.LoadImage(i, size))).ToList(), 0);
        return (model.ImagesToLatents(images, sample: false), model.EncodePrompts(items.Items.Select(item => item.Caption).ToList()));
    }

    private static double Sd(IReadOnlyList<double> values) => MeanInterval.SampleStandardDeviation(values, values.Average());

    private static double Round(double value) => Math.Round(value, 5);

}
