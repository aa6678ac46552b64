using System.Globalization;
using MemControl.Metrics.Statistics;
using MemControl.Search;
using MemControl.Search.Distributions;
using MemControl.Search.Samplers;
using MemControl.Workflow.BaseModels;
using MemControl.Workflow.Demo;
using MemControl.Workflow.RunData;
using MemControl.Workflow.Search;

namespace MemControl.Benchmarks;

/// <summary>
/// How much the MemControl objective (paper §4.2: memorization score and FD of one fine-tuning) moves when only the seed
/// changes, against how much it moves between masks (issue: a pick from a front is noise when the seed-to-seed spread
/// is of the order of the differences between masks). Prepares a demo profile's data once in --out, then evaluates
/// every mask at every seed and reports, per objective, the within-mask standard deviation over seeds, the
/// between-mask standard deviation of the masks' means, and their ratio (docs/search.md).
///   ./bench objective-spread --out DIR [--profile default] [--seeds 0,1,2,3]
///       [--masks 1111111@1e-2,0001100@2.5e-2,1111000@4.5e-3] [--probe-timesteps K] [--validation-samples S]
/// </summary>
public sealed class ObjectiveSpreadBenchmark : IBenchmark
{
    public string Name => "objective-spread";

    public string Description => "The search objective's seed-to-seed spread for fixed masks, against its spread between masks.";

    public object Run(IReadOnlyList<string> args)
    {
        var output = BenchmarkArguments.Option(args, "--out") ?? throw new ArgumentException("--out: a folder for the data and the trials is required.");
        var profile = DemoProfile.ByName(BenchmarkArguments.Option(args, "--profile") ?? "default");
        var seeds = (BenchmarkArguments.Option(args, "--seeds") ?? "0,1,2,3").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var masks = (BenchmarkArguments.Option(args, "--masks") ?? "1111111@1e-2,0001100@2.5e-2,1111000@4.5e-3").Split(',').Select(ParseMask).ToList();
        var probeTimesteps = BenchmarkArguments.Option(args, "--probe-timesteps") is { } k ? int.Parse(k, CultureInfo.InvariantCulture) : SearchOptions.DefaultProbeTimesteps;
        var validationSamples = BenchmarkArguments.Option(args, "--validation-samples") is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : SearchOptions.DefaultValidationSamplesPerPrompt;
        if (seeds.Count < 2)
        {
            throw new ArgumentException("--seeds: at least two seeds are needed for a spread.");
        }

        // The data of one run folder, prepared once: only the search's seed changes between evaluations, as when a
        // user reruns `search` on the same prepared data (fine-tuning order and noise, generation noise).
        using var model = BaseModel.Load(BuiltinModel.Name).Model;
        var phantoms = DemoData.WritePhantoms(output, profile, seed: 0, imageSize: (model.Unet.Config.SampleSize ?? 16) * model.LatentScale);
        var data = DataPreparation.Prepare(phantoms, output, new DataPreparationOptions
        {
            MemorizationCount = profile.MemorizationCount,
            MemorizationRepeats = profile.MemorizationRepeats,
            Seed = 0,
        });

        var values = new Dictionary<(string Mask, int Seed), (double Memorization, double Fd)>();
        foreach (var seed in seeds)
        {
            var options = profile.Search(BuiltinModel.Name, data.Manifest, output, seed) with
            {
                Output = Path.Combine(Path.GetFullPath(output), $"search-seed-{seed}-k{probeTimesteps}-v{validationSamples}"), // beside data/, so the run data files are read
                ProbeTimesteps = probeTimesteps,
                ValidationSamplesPerPrompt = validationSamples,
            };
            using var objective = new MemControlObjective(options, profile.SearchMethod, options.Output);
            var study = Study.CreateOrLoad(new MemControl.Search.Storage.InMemoryStudyStorage(), "spread", [StudyDirection.Minimize, StudyDirection.Minimize], new RandomSampler(seed));
            var rates = MaskGenes.LearningRate(options.LowestLearningRate, options.HighestLearningRate);
            foreach (var (bits, rate) in masks)
            {
                if (bits.Length != objective.Layout.Units.Count)
                {
                    throw new ArgumentException($"--masks: {bits} has {bits.Length} bits, the {profile.SearchMethod} mask space has {objective.Layout.Units.Count}.");
                }

                var genes = objective.Layout.Units.Select((unit, i) => (unit.Name, Value: (ParameterDistribution)new BoolDistribution(), Bit: (object)(bits[i] == '1')))
                    .ToDictionary(g => g.Name, g => (g.Value, g.Bit));
                genes[MaskGenes.LearningRateGene] = (rates, rate);
                study.Enqueue(genes);
                var trial = study.Ask();
                var result = objective.Evaluate(trial);
                study.Tell(trial, result);
                values[($"{bits}@{rate.ToString("G3", CultureInfo.InvariantCulture)}", seed)] = (result[0], result[1]);
                Console.Error.WriteLine($"seed {seed}, mask {bits} @ {rate:G3}: memorization {result[0]:0.0000}, FD {result[1]:0.0}");
            }
        }

        var names = values.Keys.Select(k => k.Mask).Distinct().ToList();
        return new
        {
            benchmark = Name,
            profile = profile.Name,
            seeds,
            probe_timesteps = probeTimesteps,
            validation_samples_per_prompt = validationSamples,
            per_mask = names.Select(mask => new
            {
                mask,
                memorization = Describe(seeds.Select(s => values[(mask, s)].Memorization)),
                fd = Describe(seeds.Select(s => values[(mask, s)].Fd)),
            }),
            memorization = Spread(names, seeds, (m, s) => values[(m, s)].Memorization),
            fd = Spread(names, seeds, (m, s) => values[(m, s)].Fd),

            // Within one search every trial shares the seed's draws, so masks are compared paired: the spread that
            // decides a ranking is that of the per-seed differences to the first mask.
            paired_against_first_mask = names.Skip(1).Select(mask => new
            {
                mask,
                memorization_difference = Describe(seeds.Select(s => values[(mask, s)].Memorization - values[(names[0], s)].Memorization)),
                fd_difference = Describe(seeds.Select(s => values[(mask, s)].Fd - values[(names[0], s)].Fd)),
            }),
        };
    }

    /// <summary>Within-mask sd (pooled over masks) against the sd of the masks' means: a ratio near or above 1 means a single-seed ranking of these masks is noise.</summary>
    private static object Spread(IReadOnlyList<string> masks, IReadOnlyList<int> seeds, Func<string, int, double> value)
    {
        var within = Math.Sqrt(masks.Average(m => Variance(seeds.Select(s => value(m, s)).ToList())));
        var between = Math.Sqrt(Variance(masks.Select(m => seeds.Average(s => value(m, s))).ToList()));
        return new
        {
            within_mask_sd = Math.Round(within, 5),
            between_mask_sd_of_means = Math.Round(between, 5),
            ratio_within_to_between = between > 0 ? Math.Round(within / between, 3) : double.NaN,
        };
    }

    private static object Describe(IEnumerable<double> values)
    {
        var list = values.ToArray();
        var interval = MeanInterval.StudentT(list);
        return new { values = list.Select(v => Math.Round(v, 5)), mean = Math.Round(interval.Mean, 5), sd = Math.Round(Math.Sqrt(Variance(list)), 5), half_width_95 = interval.HalfWidth is { } h ? Math.Round(h, 5) : (double?)null };
    }

    private static double Variance(IReadOnlyList<double> values) => Math.Pow(MeanInterval.SampleStandardDeviation(values, values.Average()), 2);

    private static (string Bits, double Rate) ParseMask(string text)
    {
        var parts = text.Split('@');
        if (parts.Length != 2 || parts[0].Any(c => c is not ('0' or '1')) || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate <= 0)
        {
            throw new ArgumentException($"--masks: '{text}' is not BITS@RATE (e.g. 1111111@1e-2).");
        }

        return (parts[0], rate);
    }

}
