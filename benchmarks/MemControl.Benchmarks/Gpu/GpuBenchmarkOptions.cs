using System.Globalization;
using MemControl.Training;

namespace MemControl.Benchmarks.Gpu;

/// <summary>
/// What <c>./bench gpu</c> measures and at which sizes. The defaults are the paper-scale figures of issue 14 and the
/// diffusers reference (docs/scale.md, "One GPU check"): batch 8 at 512² (64² latents), bf16, 50 DDIM steps with
/// classifier-free guidance 7.5 for 8 images. Every size is an option so a tiny folder runs in seconds on a CPU.
/// </summary>
internal sealed record GpuBenchmarkOptions
{
    public static readonly string[] Flags =
    [
        "--model", "--device", "--precision", "--batch", "--resolution", "--warmup", "--steps", "--generation-images",
        "--generation-steps", "--generation-runs", "--guidance", "--only", "--out", "--commit", "--measure",
    ];

    /// <summary>A diffusers pipeline folder in the SD-1.5 layout (<c>memcontrol write-sd15</c> writes one).</summary>
    public required string Model { get; init; }

    /// <summary><c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "cuda";

    /// <summary>The dtype of the frozen weights (trainable tensors stay float32, docs/scale.md "Mixed precision").</summary>
    public MixedPrecision Precision { get; init; } = MixedPrecision.BFloat16;

    /// <summary>Training batch; the frozen forward runs twice this (classifier-free guidance doubles the batch).</summary>
    public int Batch { get; init; } = 8;

    /// <summary>Image side in pixels; latents are this over the VAE's downscale (64² at 512 for SD-1.5).</summary>
    public int Resolution { get; init; } = 512;

    /// <summary>Untimed repetitions before the timed ones.</summary>
    public int Warmup { get; init; } = 3;

    /// <summary>Timed repetitions of each training step and of the frozen forward; the figure is their median.</summary>
    public int Steps { get; init; } = 10;

    public int GenerationImages { get; init; } = 8;

    public int GenerationSteps { get; init; } = 50;

    /// <summary>Timed whole generations (after one untimed).</summary>
    public int GenerationRuns { get; init; } = 3;

    public double Guidance { get; init; } = 7.5;

    /// <summary>The measurements to run (all of <see cref="GpuMeasurementNames.All"/> by default).</summary>
    public IReadOnlyList<string> Only { get; init; } = GpuMeasurementNames.All;

    /// <summary>The JSON file to write besides printing it; null = print only.</summary>
    public string? Out { get; init; }

    /// <summary>The source commit of the build; null = asked from git where the program runs.</summary>
    public string? Commit { get; init; }

    /// <summary>Set in the child process that runs one measurement (each runs alone, so its peak memory is its own).</summary>
    public string? Measure { get; init; }

    public static GpuBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var values = UnetBenchmark.ParseOptions(args, Flags);
        if (!values.TryGetValue("--model", out var model))
        {
            throw new ArgumentException("--model DIR is required (a pipeline folder in the SD-1.5 layout: memcontrol write-sd15 --out DIR)");
        }

        var options = new GpuBenchmarkOptions
        {
            Model = model,
            Device = values.GetValueOrDefault("--device", "cuda"),
            Precision = PrecisionOf(values.GetValueOrDefault("--precision", "bf16")),
            Batch = UnetBenchmark.PositiveInt(values, "--batch", 8),
            Resolution = UnetBenchmark.PositiveInt(values, "--resolution", 512),
            Warmup = UnetBenchmark.PositiveInt(values, "--warmup", 3),
            Steps = UnetBenchmark.PositiveInt(values, "--steps", 10),
            GenerationImages = UnetBenchmark.PositiveInt(values, "--generation-images", 8),
            GenerationSteps = UnetBenchmark.PositiveInt(values, "--generation-steps", 50),
            GenerationRuns = UnetBenchmark.PositiveInt(values, "--generation-runs", 3),
            Guidance = GuidanceOf(values.GetValueOrDefault("--guidance", "7.5")),
            Only = values.TryGetValue("--only", out var only) ? Names(only) : GpuMeasurementNames.All,
            Out = values.GetValueOrDefault("--out"),
            Commit = values.GetValueOrDefault("--commit"),
            Measure = values.TryGetValue("--measure", out var measure) ? Names(measure).Single() : null,
        };
        if (!Directory.Exists(options.Model))
        {
            throw new ArgumentException($"--model: the folder '{options.Model}' does not exist");
        }

        return options;
    }

    /// <summary>The command line of a child process that runs <paramref name="measurement"/> with these options.</summary>
    public IReadOnlyList<string> ChildArguments(string measurement) =>
    [
        "gpu", "--measure", measurement, "--model", Model, "--device", Device, "--precision", PrecisionName(Precision),
        "--batch", Text(Batch), "--resolution", Text(Resolution), "--warmup", Text(Warmup), "--steps", Text(Steps),
        "--generation-images", Text(GenerationImages), "--generation-steps", Text(GenerationSteps),
        "--generation-runs", Text(GenerationRuns), "--guidance", Guidance.ToString("R", CultureInfo.InvariantCulture),
    ];

    public static string PrecisionName(MixedPrecision precision) => precision switch
    {
        MixedPrecision.BFloat16 => "bf16",
        MixedPrecision.Float16 => "fp16",
        _ => "fp32",
    };

    private static MixedPrecision PrecisionOf(string text) => text switch
    {
        "bf16" => MixedPrecision.BFloat16,
        "fp16" => MixedPrecision.Float16,
        "fp32" => MixedPrecision.No,
        _ => throw new ArgumentException($"--precision: '{text}' is not one of bf16, fp16, fp32"),
    };

    private static double GuidanceOf(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--guidance must be a number ≥ 0, not '{text}'");

    private static string[] Names(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Where(name => !GpuMeasurementNames.All.Contains(name)).ToList();
        if (names.Length == 0 || unknown.Count > 0)
        {
            throw new ArgumentException(
                $"measurement '{string.Join(",", unknown)}' is not one of {string.Join(", ", GpuMeasurementNames.All)}");
        }

        return names;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
