using System.Diagnostics;
using MemControl.Models.Pipelines;

namespace MemControl.Benchmarks;

/// <summary>
/// Times a whole text-to-image generation (text encoder + guided sampler loop + VAE decode) with a diffusers folder:
/// median/min seconds over repeats, and per sampler step. Options: --model DIR (a diffusers pipeline folder; required),
/// --images N (4), --steps N (50), --guidance W (7.5), --repeats R (3).
/// </summary>
public sealed class PipelineBenchmark : IBenchmark
{
    public string Name => "pipeline";

    public string Description => "whole text-to-image generation with a diffusers folder: seconds per batch and per step";

    public object Run(IReadOnlyList<string> args)
    {
        var options = UnetBenchmark.ParseOptions(args, "--model", "--images", "--steps", "--guidance", "--repeats");
        var folder = options.GetValueOrDefault("--model")
            ?? throw new ArgumentException("--model DIR: a diffusers pipeline folder is required (e.g. an SD-1.5 download)");
        var images = UnetBenchmark.PositiveInt(options, "--images", 4);
        var steps = UnetBenchmark.PositiveInt(options, "--steps", 50);
        var repeats = UnetBenchmark.PositiveInt(options, "--repeats", 3);
        var guidance = double.Parse(options.GetValueOrDefault("--guidance", "7.5"), System.Globalization.CultureInfo.InvariantCulture);

        var load = Stopwatch.StartNew();
        using var model = StableDiffusion.Load(folder);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var pipeline = TextToImagePipeline.For(model);
        var prompts = Enumerable.Range(0, images).Select(i => $"a chest x-ray showing cardiomegaly, study {i}").ToList();
        var request = new GenerationRequest(prompts, Steps: steps, GuidanceScale: guidance, Seed: 0);

        var seconds = new double[repeats];
        using (pipeline.Generate(request))
        {
            // Warm-up, untimed.
        }

        for (var i = 0; i < repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            using var output = pipeline.Generate(request);
            seconds[i] = watch.Elapsed.TotalSeconds;
        }

        Array.Sort(seconds);
        var median = seconds[repeats / 2];
        return new
        {
            benchmark = Name,
            model = folder,
            images,
            steps,
            guidance,
            sampler = model.SchedulerConfig.ClassName,
            load_seconds = Math.Round(loadSeconds, 2),
            generation_seconds = new { median = Math.Round(median, 3), min = Math.Round(seconds[0], 3) },
            milliseconds_per_step = Math.Round(median * 1000 / steps, 2),
            peak_rss_mib = Math.Round(UnetBenchmark.PeakResidentMiB(), 1),
        };
    }
}
