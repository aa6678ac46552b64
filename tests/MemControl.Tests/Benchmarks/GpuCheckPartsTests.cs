using System.Diagnostics;
using System.Text.Json.Nodes;
using MemControl.Benchmarks.Gpu;
using MemControl.Tests.Support;
using MemControl.Training;

namespace MemControl.Tests.Benchmarks;

/// <summary>The GPU check's options, timing and version reading, and diffusers_bench.py's ratios, against worked values.</summary>
public sealed class GpuCheckPartsTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("memcontrol-gpu-parts-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Step_times_are_the_differences_of_step_ends_after_the_warm_up_with_their_median_and_min()
    {
        // Step ends at 100, 250, 330, 480, 700 ms; warm-up 2 → steps 3..5 took 80, 150, 220 ms
        var timings = Timings.FromStepEnds([100, 250, 330, 480, 700], warmup: 2);

        Assert.Equal([80.0, 150.0, 220.0], timings.SamplesMs);
        Assert.Equal(150.0, timings.MedianMs);
        Assert.Equal(80.0, timings.MinMs);
        Assert.Equal(115.0, Timings.Of([80, 150, 40, 200]).MedianMs);
    }

    [Fact]
    public void Step_times_without_a_timed_step_after_the_warm_up_are_refused()
    {
        Assert.Throws<ArgumentException>(() => Timings.FromStepEnds([100, 250], warmup: 2));
        Assert.Throws<ArgumentException>(() => Timings.FromStepEnds([100, 250], warmup: 0));
    }

    [Fact]
    public void The_defaults_are_the_paper_scale_of_the_diffusers_reference()
    {
        var options = GpuBenchmarkOptions.Parse(["--model", root]);

        Assert.Equal("cuda", options.Device);
        Assert.Equal(MixedPrecision.BFloat16, options.Precision);
        Assert.Equal((8, 512, 8, 50, 7.5), (options.Batch, options.Resolution, options.GenerationImages, options.GenerationSteps, options.Guidance));
        Assert.Equal(GpuMeasurementNames.All, options.Only);
    }

    [Theory]
    [InlineData("--precision", "fp8", "--precision: 'fp8' is not one of bf16, fp16, fp32")]
    [InlineData("--only", "full_step,warp", "measurement 'warp' is not one of")]
    [InlineData("--batch", "0", "--batch must be a positive integer, not '0'")]
    [InlineData("--guidance", "-1", "--guidance must be a number ≥ 0, not '-1'")]
    public void A_bad_option_is_refused_naming_it(string option, string value, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => GpuBenchmarkOptions.Parse(["--model", root, option, value]));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_folder_is_refused_before_any_child_starts()
    {
        var error = Assert.Throws<ArgumentException>(() => GpuBenchmarkOptions.Parse(["--model", Path.Combine(root, "absent")]));

        Assert.Equal($"--model: the folder '{Path.Combine(root, "absent")}' does not exist", error.Message);
    }

    [Fact]
    public void A_child_gets_every_size_of_its_parent_and_its_one_measurement()
    {
        var options = GpuBenchmarkOptions.Parse(["--model", root, "--device", "cpu", "--batch", "3", "--guidance", "2.5", "--precision", "fp32"]);

        var child = GpuBenchmarkOptions.Parse(options.ChildArguments(GpuMeasurementNames.SvDiff).Skip(1).ToList());

        Assert.Equal(options with { Measure = GpuMeasurementNames.SvDiff, Only = child.Only }, child);
    }

    [Fact]
    public void The_pytorch_version_and_its_cuda_are_read_from_the_version_file_beside_torch_lib()
    {
        // Given: torch/version.py as PyTorch 2.x writes it, and torch/lib beside it
        var lib = Directory.CreateDirectory(Path.Combine(root, "torch", "lib")).FullName;
        File.WriteAllText(Path.Combine(root, "torch", "version.py"),
            "from typing import Optional\n__all__ = ['__version__', 'debug', 'cuda']\n__version__ = '2.11.0+cu130'\ndebug = False\ncuda: Optional[str] = '13.0'\nhip: Optional[str] = None\n");

        var (version, cuda) = RunEnvironment.PyTorchVersion(lib);

        Assert.Equal("2.11.0+cu130", version);
        Assert.Equal("13.0", cuda);
        Assert.StartsWith("unknown", RunEnvironment.PyTorchVersion(Path.Combine(root, "elsewhere")).Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Diffusers_bench_py_writes_memcontrol_over_diffusers_for_time_and_memory_where_both_have_them()
    {
        // Given: our figures and diffusers' (no torch needed for the ratios)
        var ours = Path.Combine(root, "memcontrol.json");
        var theirs = Path.Combine(root, "diffusers.json");
        File.WriteAllText(ours, """{"environment": {"name": "H200"}, "precision": "bf16", "measurements": {"full_step": {"median_ms": 200, "peak_memory_gib": 15}, "generation": {"median_ms": 2000}}}""");
        File.WriteAllText(theirs, """{"measurements": {"full_step": {"median_ms": 160, "peak_memory_gib": 20}, "generation": {"error": "exit code 1"}}}""");
        var output = Path.Combine(root, "ratios.json");

        // When
        var (exitCode, text) = Python("--ratios-only", "--ours", ours, "--theirs", theirs, "--ratios", output);

        // Then: 200 / 160 = 1.25 and 15 / 20 = 0.75; a measurement diffusers lacks has no ratio
        Assert.True(exitCode == 0, text);
        var ratios = JsonNode.Parse(File.ReadAllText(output))!["measurements"]!;
        Assert.Equal(1.25, (double)ratios["full_step"]!["median_ms"]!["ratio"]!);
        Assert.Equal(0.75, (double)ratios["full_step"]!["peak_memory_gib"]!["ratio"]!);
        Assert.Empty(ratios["generation"]!.AsObject());
        Assert.Empty(ratios["attention_step"]!.AsObject());
    }

    private static (int ExitCode, string Text) Python(params string[] arguments)
    {
        var script = Path.Combine(TestPaths.RepoRoot, "benchmarks", "gpu", "diffusers_bench.py");
        ProcessStartInfo start = new("python3", [script, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Process python;
        try
        {
            python = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("no python3 on this machine");
            throw;
        }

        using (python)
        {
            var error = python.StandardError.ReadToEndAsync();
            var output = python.StandardOutput.ReadToEnd();
            python.WaitForExit();
            return (python.ExitCode, output + error.Result);
        }
    }
}
