using System.Text.Json;
using MemControl.Data.Phantoms;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;

namespace MemControl.Tests.Cli.Scale;

/// <summary>
/// The paper-scale options on <c>search</c>, <c>benchmark</c> and <c>evaluate</c> end to end on an SD-1.5-shaped
/// folder (tiny widths, real layout; its own size is 64 px): every trial and row trains and generates at the chosen
/// resolution in bf16, in worker processes too (the settings travel in search.json and plan.json).
/// </summary>
public sealed class ScaleWorkflowTests : IDisposable
{
    private const string Resolution = "32";

    private static readonly string[] ScaleArguments =
        ["--resolution", Resolution, "--gradient-checkpointing", "--grad-accum", "2", "--mixed-precision", "bf16", "--cache-latents"];

    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-scale-workflow-{Guid.NewGuid():N}");

    private string Sd15Folder()
    {
        var folder = Path.Combine(root, "sd15-tiny");
        var (exitCode, printed) = TrainRun.Cli("write-sd15", "--tiny", "--dtype", "fp32", "--tokenizer", TestPaths.ClipTokenizerDir, "--out", folder);
        Assert.True(exitCode == 0, printed);
        return folder;
    }

    private string Manifest() =>
        PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 24, Subjects = 8, Seed = 3 }), Path.Combine(root, "data"), 32);

    private string[] Search(string model, string run, params string[] extra) =>
    [
        "search", "--model", model, "--data", Manifest(), "--method", "svdiff", "--trials", "2", "--population", "2", "--steps", "1",
        "--batch", "1", "--objective", "copying", "--memorization-count", "2", "--memorization-repeats", "1", "--hpo-fraction", "0.1",
        "--validation-prompts", "2", "--samples-per-prompt", "1", "--generation-steps", "1", "--out", run, .. extra,
    ];

    [Fact]
    public void A_search_in_two_worker_processes_trains_and_generates_every_trial_at_the_resolution_in_bf16_from_one_latent_cache()
    {
        // Given
        var run = Path.Combine(root, "search-run");

        // When
        var (exitCode, printed) = TrainRun.Cli(Search(Sd15Folder(), run, [.. ScaleArguments, "--workers", "2"]));

        // Then: the workers read the scale from search.json, and each trial's samples are 32-px images.
        Assert.True(exitCode == 0, printed);
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "search", "search.json")));
        var scale = settings.RootElement.GetProperty("settings").GetProperty("scale");
        Assert.Equal(32, scale.GetProperty("resolution").GetInt32());
        Assert.Equal(2, scale.GetProperty("gradient_accumulation_steps").GetInt32());
        Assert.True(scale.GetProperty("gradient_checkpointing").GetBoolean());
        Assert.Equal("b_float16", scale.GetProperty("mixed_precision").GetString());
        Assert.True(scale.GetProperty("cache_latents").GetBoolean());
        Assert.Single(Directory.GetFiles(Path.Combine(run, "latent-cache"), "latents-*.safetensors"));
        foreach (var trial in new[] { "0", "1" })
        {
            var samples = Path.Combine(run, "search", "trials", trial, "samples.png");
            Assert.True(File.Exists(samples), printed);
            // Two validation prompts × 4 generations each (the default): 4 images per row, 2 rows, 1 px apart.
            Assert.Equal((4 * 32 + 3, (2 * 32) + 1), PngSize(samples));
        }
    }

    [Fact]
    public void A_search_at_a_resolution_the_VAE_cannot_encode_stops_before_any_trial_with_one_line_naming_the_option()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli(Search(Sd15Folder(), Path.Combine(root, "bad-run"), "--resolution", "36"));

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--resolution: 36 is not a multiple of the VAE's downscale 8", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void A_benchmark_in_worker_processes_trains_and_evaluates_its_rows_at_the_resolution_in_bf16_with_a_latent_cache()
    {
        // Given
        var run = Path.Combine(root, "benchmark-run");

        // When
        var (exitCode, printed) = TrainRun.Cli([
            "benchmark", "--model", Sd15Folder(), "--data", "phantoms", "--phantoms", "4", "--rows", "freeze,svdiff",
            "--steps", "1", "--batch", "1", "--prompts", "2", "--count", "2", "--memorization-count", "2",
            "--memorization-samples", "3", "--sampling-steps", "1", "--workers", "2", "--out", run, .. ScaleArguments]);

        // Then
        Assert.True(exitCode == 0, printed);
        var rows = Path.Combine(run, "benchmark", "rows");
        var trained = File.ReadAllText(Path.Combine(rows, "svdiff", "train.json"));
        Assert.Contains("\"mixed_precision\": \"BFloat16\"", trained, StringComparison.Ordinal);
        Assert.Contains("\"resolution\": 32", trained, StringComparison.Ordinal);
        Assert.Contains("\"grad_accum\": 2", trained, StringComparison.Ordinal);
        Assert.Contains("\"cache_latents\": true", trained, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(run, "latent-cache"), "latents-*.safetensors"));
        foreach (var row in new[] { "freeze", "svdiff" })
        {
            using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(rows, row, "metrics.json")));
            Assert.Equal(32, metrics.RootElement.GetProperty("result").GetProperty("imageSize").GetInt32());
        }
    }

    [Fact]
    public void Evaluate_generates_at_the_resolution_in_bf16()
    {
        // Given
        var output = Path.Combine(root, "evaluate");

        // When
        var (exitCode, printed) = TrainRun.Cli(
            "evaluate", "--model", Sd15Folder(), "--data", "phantoms", "--phantoms", "4", "--prompts", "2", "--count", "2",
            "--memorization-count", "1", "--memorization-samples", "3", "--steps", "1", "--resolution", Resolution, "--mixed-precision", "bf16",
            "--out", output);

        // Then
        Assert.True(exitCode == 0, printed);
        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
        Assert.Equal(32, metrics.RootElement.GetProperty("result").GetProperty("imageSize").GetInt32());
    }

    [Fact]
    public void Evaluate_in_fp16_on_the_CPU_is_one_line_naming_the_option_and_what_the_CPU_supports()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli(
            "evaluate", "--model", Sd15Folder(), "--data", "phantoms", "--phantoms", "4", "--mixed-precision", "fp16", "--out", Path.Combine(root, "evaluate"));

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--mixed-precision: Float16 needs a CUDA device", printed, StringComparison.Ordinal);
        Assert.Contains("BFloat16", printed, StringComparison.Ordinal);
    }

    /// <summary>Width and height from a PNG's IHDR chunk (big-endian at bytes 16 and 20).</summary>
    private static (int Width, int Height) PngSize(string path)
    {
        var bytes = File.ReadAllBytes(path);
        int At(int offset) => (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
        return (At(16), At(20));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
