using System.Diagnostics;
using System.Text.Json.Nodes;
using MemControl.Benchmarks.Gpu;
using MemControl.Models.Synthetic;
using MemControl.Tests.Models.Unets;
using MemControl.Tests.Support;
using static TorchSharp.torch;

namespace MemControl.Tests.Benchmarks;

/// <summary>
/// The GPU check's plumbing, proven on the CPU with the tiny SD-1.5-shaped folder (docs/scale.md, "One GPU check"):
/// <c>./bench gpu</c> and <c>benchmarks/gpu/run.sh --device cpu --tiny</c> write every measurement with finite,
/// positive figures. The GPU run itself is not part of any test run.
/// </summary>
[Collection(nameof(DefaultDeviceCollection))]
public sealed class GpuCheckTests : IDisposable
{
    private static readonly string[] TinySizes =
        ["--batch", "1", "--resolution", "64", "--warmup", "1", "--steps", "1", "--generation-images", "1", "--generation-steps", "1", "--generation-runs", "1"];

    private static readonly string[] TrainingSteps =
        [GpuMeasurementNames.Full, GpuMeasurementNames.Attention, GpuMeasurementNames.SvDiff, GpuMeasurementNames.DiffFit];

    private readonly string root = Directory.CreateTempSubdirectory("memcontrol-gpu-check-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Bench_gpu_on_the_cpu_writes_every_measurement_with_finite_positive_figures_and_the_environment()
    {
        // Given: the tiny SD-1.5-shaped folder in fp16, as run.sh writes it
        var model = Path.Combine(root, "sd15");
        Sd15FolderWriter.Write(model, ScalarType.Float16, seed: 0, Sd15Scale.Tiny, TestPaths.RequireClipTokenizerDir());
        var output = Path.Combine(root, "memcontrol.json");

        // When: every measurement, each in its own child process, bf16 on the CPU
        new GpuBenchmark().Run(["--model", model, "--device", "cpu", "--precision", "bf16", "--commit", "abc123", "--out", output, .. TinySizes]);

        // Then
        var json = JsonNode.Parse(File.ReadAllText(output))!;
        AssertFigures(json, GpuMeasurementNames.All);
        Assert.Equal("abc123", (string?)json["environment"]!["commit"]);
        Assert.Equal("bf16", (string?)json["precision"]);
        var measurements = json["measurements"]!;
        foreach (var name in TrainingSteps)
        {
            var step = measurements[name]!;
            Assert.True((bool)step["losses_finite"]!, name);
            var tensors = step["trainable_tensors"]!.AsObject();
            Assert.NotEmpty(tensors);
            Assert.Equal((long)step["trainable"]!, tensors.Sum(entry => (long)entry.Value!));
        }

        Assert.Equal(GpuMeasurement.PaperMask, (string?)measurements[GpuMeasurementNames.SvDiff]!["mask"]!["bits"]);
        Assert.Contains("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.svdiff_delta", measurements[GpuMeasurementNames.SvDiff]!["trainable_tensors"]!.AsObject().Select(e => e.Key));
        Assert.True((long)measurements[GpuMeasurementNames.SvDiff]!["trainable"]! < (long)measurements[GpuMeasurementNames.Attention]!["trainable"]!);
        Assert.True((long)measurements[GpuMeasurementNames.Attention]!["trainable"]! < (long)measurements[GpuMeasurementNames.Full]!["trainable"]!);
        Assert.Equal(2, (int)measurements[GpuMeasurementNames.FrozenForward]!["batch"]!);
        Assert.Equal(8, (int)measurements[GpuMeasurementNames.FrozenForward]!["latent_side"]!);
        Assert.True((bool)measurements[GpuMeasurementNames.FrozenForward]!["output_finite"]!);
        Assert.True((bool)measurements[GpuMeasurementNames.Generation]!["output_finite"]!);
    }

    [Fact]
    public void Run_sh_in_cpu_mode_writes_the_tiny_folder_and_the_figures_from_a_build_folder()
    {
        // When: the script, given this test's output folder as the build (memcontrol.dll and memcontrol-bench.dll); the two
        // quickest measurements keep this test short (the one above runs all six through the same program)
        var output = Path.Combine(root, "out");
        string[] quick = [GpuMeasurementNames.FrozenForward, GpuMeasurementNames.Generation];
        var (exitCode, text) = RunScript("--build", AppContext.BaseDirectory, "--out", output, "--device", "cpu", "--tiny", "--", "--only", string.Join(',', quick));

        // Then
        Assert.True(exitCode == 0, text);
        Assert.True(File.Exists(Path.Combine(output, "sd15", "unet", "diffusion_pytorch_model.safetensors")), text);
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "memcontrol.json")))!;
        AssertFigures(json, quick);
        Assert.Equal(quick, json["measurements"]!.AsObject().Select(entry => entry.Key));
        Assert.Contains("wrote " + Path.Combine(output, "memcontrol.json"), File.ReadAllText(Path.Combine(output, "run.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_sh_stops_before_any_work_when_the_build_is_missing()
    {
        var (exitCode, text) = RunScript("--build", Path.Combine(root, "no-build"), "--out", Path.Combine(root, "out"));

        Assert.Equal(2, exitCode);
        Assert.Contains($"--build: '{Path.Combine(root, "no-build")}' does not exist", text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root, "out", "memcontrol.json")));
    }

    [Fact]
    public void Run_sh_for_cuda_on_a_machine_without_an_nvidia_driver_says_so_and_stops()
    {
        if (Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, "nvidia-smi"))))
        {
            Assert.Skip("this machine has nvidia-smi");
        }

        var (exitCode, text) = RunScript("--build", AppContext.BaseDirectory, "--out", Path.Combine(root, "out"), "--device", "cuda");

        Assert.Equal(2, exitCode);
        Assert.Contains("no nvidia-smi, so no NVIDIA driver on this machine", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(root, "out", "sd15")));
    }

    /// <summary>Every measurement is there with a finite positive median and peak memory; the environment names the device.</summary>
    private static void AssertFigures(JsonNode json, IReadOnlyList<string> names)
    {
        Assert.Equal("cpu", (string?)json["environment"]!["device"]);
        Assert.False(string.IsNullOrEmpty((string?)json["environment"]!["torchsharp"]));
        Assert.NotEqual("unknown", (string?)json["environment"]!["libtorch"]);
        foreach (var name in names)
        {
            var figures = json["measurements"]![name];
            Assert.True(figures is not null && figures["error"] is null, $"{name}: {figures?.ToJsonString()}");
            foreach (var key in new[] { "median_ms", "min_ms", "peak_memory_gib" })
            {
                var value = (double)figures![key]!;
                Assert.True(double.IsFinite(value) && value > 0, $"{name}.{key} = {value}");
            }
        }
    }

    private static (int ExitCode, string Text) RunScript(params string[] arguments)
    {
        var script = Path.Combine(TestPaths.RepoRoot, "benchmarks", "gpu", "run.sh");
        var start = new ProcessStartInfo("bash", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var bash = Process.Start(start)!;
        var error = bash.StandardError.ReadToEndAsync();
        var output = bash.StandardOutput.ReadToEnd();
        bash.WaitForExit();
        return (bash.ExitCode, output + error.Result);
    }
}
