using MemControl.Models.Unets;

namespace MemControl.Benchmarks;

/// <summary>The options the UNet programs share (unet, unet-parts, peft-step): --config tiny|sd15|PATH, --batch, --size, --steps.</summary>
/// <param name="ConfigName">What --config said.</param>
/// <param name="Config">The UNet configuration it names.</param>
/// <param name="Batch">Samples per step.</param>
/// <param name="Size">Latent side in pixels.</param>
/// <param name="Steps">Timed steps.</param>
/// <param name="Options">Every parsed option, for a program's own extras.</param>
public sealed record UnetBenchmarkSettings(string ConfigName, UNet2DConditionConfig Config, int Batch, int Size, int Steps, IReadOnlyDictionary<string, string> Options)
{
    public static UnetBenchmarkSettings Parse(IReadOnlyList<string> args, params string[] extraOptions)
    {
        var options = UnetBenchmark.ParseOptions(args, ["--config", "--batch", "--size", "--steps", .. extraOptions]);
        var configName = options.GetValueOrDefault("--config", "tiny");
        var config = configName switch
        {
            "tiny" => UnetBenchmark.TinyConfig,
            "sd15" => UNet2DConditionConfig.StableDiffusion15,
            var path => UNet2DConditionConfig.FromFile(path),
        };
        return new UnetBenchmarkSettings(
            configName,
            config,
            UnetBenchmark.PositiveInt(options, "--batch", 2),
            UnetBenchmark.PositiveInt(options, "--size", config.SampleSize ?? 8),
            UnetBenchmark.PositiveInt(options, "--steps", 5),
            options);
    }
}
