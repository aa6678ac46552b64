using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using MemControl.Models.Loading;
using MemControl.Models.Runtime;

namespace MemControl.Benchmarks.Gpu;

/// <summary>
/// <c>./bench gpu</c>: the paper-scale figures of issue 14 on one device (docs/scale.md, "One GPU check"): a full
/// fine-tuning step, an attention-only step, a frozen UNet forward at twice the batch (classifier-free guidance),
/// an SV-DIFF and a DiffFit step with the paper's official13 mask, a whole generation with DDIM and guidance, and
/// the peak memory of each. Each measurement runs in a child process of this program, so its peak memory is its
/// own (CUDA memory is read from the driver and never shrinks within a process, see <see cref="Nvml"/>); this
/// process only collects and writes the JSON. benchmarks/gpu/run.sh runs it on a GPU machine.
/// Options: --model DIR (required), --device cuda|cuda:N|cpu, --precision bf16|fp16|fp32, --batch, --resolution,
/// --warmup, --steps, --generation-images, --generation-steps, --generation-runs, --guidance, --only a,b, --out FILE,
/// --commit TEXT.
/// </summary>
public sealed class GpuBenchmark : IBenchmark
{
    private const string AssemblyFile = "memcontrol-bench.dll";

    public string Name => "gpu";

    public string Description => "paper-scale training steps, frozen forward, generation and peak memory on one device (--device cuda)";

    public object Run(IReadOnlyList<string> args)
    {
        var options = GpuBenchmarkOptions.Parse(args);
        if (options.Measure is { } measurement)
        {
            return GpuMeasurement.Run(options, measurement);
        }

        var device = ComputeDevice.Parse(options.Device);
        if (device.IsCuda && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(LibTorchRuntime.LibTorchFolderVariable)))
        {
            throw new ArgumentException(
                $"--device {options.Device} needs a CUDA libtorch: set {LibTorchRuntime.LibTorchFolderVariable} to PyTorch's torch/lib folder (README \"Running on a GPU\")");
        }

        var measurements = new JsonObject();
        var failed = new List<string>();
        for (var i = 0; i < options.Only.Count; i++)
        {
            var name = options.Only[i];
            Console.Error.WriteLine($"bench gpu: {name} ({i + 1}/{options.Only.Count}) on {options.Device}");
            var (figures, error) = RunChild(options.ChildArguments(name));
            measurements[name] = figures ?? new JsonObject { ["error"] = error };
            if (figures is null)
            {
                failed.Add(name);
                Console.Error.WriteLine($"bench gpu: {name} failed: {error}");
            }
        }

        var result = new JsonObject
        {
            ["benchmark"] = Name,
            ["environment"] = JsonSerializer.SerializeToNode(RunEnvironment.Describe(device, options.Commit)),
            ["model"] = Path.GetFullPath(options.Model),
            ["precision"] = GpuBenchmarkOptions.PrecisionName(options.Precision),
            ["sizes"] = new JsonObject
            {
                ["batch"] = options.Batch,
                ["resolution"] = options.Resolution,
                ["warmup"] = options.Warmup,
                ["steps"] = options.Steps,
                ["generation_images"] = options.GenerationImages,
                ["generation_steps"] = options.GenerationSteps,
                ["generation_runs"] = options.GenerationRuns,
                ["guidance"] = options.Guidance,
            },
            ["measurements"] = measurements,
        };
        if (options.Out is { } output)
        {
            AtomicFile.WriteText(output, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        return failed.Count == 0
            ? result
            : throw new BenchmarkFailedException($"{failed.Count} measurement(s) failed: {string.Join(", ", failed)} (their errors are in the JSON{(options.Out is null ? "" : $", {options.Out}")})");
    }

    /// <summary>Runs one measurement in a child process; its JSON, or null and the end of its error output.</summary>
    private static (JsonObject? Figures, string? Error) RunChild(IReadOnlyList<string> arguments)
    {
        var start = ChildStart(arguments);
        using var child = Process.Start(start)!;
        var errorLines = new List<string>();
        child.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            Console.Error.WriteLine("  " + line.Data);
            lock (errorLines)
            {
                errorLines.Add(line.Data);
            }
        };
        child.BeginErrorReadLine();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode == 0)
        {
            try
            {
                if (JsonNode.Parse(output) is JsonObject figures)
                {
                    return (figures, null);
                }
            }
            catch (JsonException)
            {
                // reported below with the output's end
            }
        }

        lock (errorLines)
        {
            var tail = errorLines.Count > 0 ? string.Join(" | ", errorLines.TakeLast(5)) : output.Trim();
            return (null, $"exit code {child.ExitCode}: {tail}");
        }
    }

    /// <summary>
    /// This program again: its apphost when this process is the published <c>memcontrol-bench</c>, else
    /// <c>dotnet memcontrol-bench.dll</c> (this process is the dotnet host, or a test host that references it).
    /// </summary>
    private static ProcessStartInfo ChildStart(IReadOnlyList<string> arguments)
    {
        var host = Environment.ProcessPath!;
        var hostIsDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var assembly = Path.Combine(Path.GetDirectoryName(typeof(GpuBenchmark).Assembly.Location)!, AssemblyFile);
        var entryIsThis = Path.GetFileName(Assembly.GetEntryAssembly()?.Location) == AssemblyFile;
        var start = entryIsThis && !hostIsDotnet
            ? new ProcessStartInfo(host, arguments)
            : new ProcessStartInfo(hostIsDotnet ? host : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [assembly, .. arguments]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }
}
