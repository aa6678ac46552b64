using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using MemControl.Models.Runtime;

namespace MemControl.Benchmarks.Gpu;

/// <summary>What the figures were measured on: device name, driver and CUDA versions, libtorch and TorchSharp versions, commit.</summary>
internal static partial class RunEnvironment
{
    public static Dictionary<string, object?> Describe(ComputeDevice device, string? commit)
    {
        var described = new Dictionary<string, object?>
        {
            ["device"] = device.ToString(),
            ["torchsharp"] = InformationalVersion(typeof(TorchSharp.torch).Assembly),
            ["dotnet"] = Environment.Version.ToString(),
            ["cpu"] = CpuModel(),
            ["cpu_threads"] = Environment.ProcessorCount,
            ["commit"] = commit ?? GitCommit() ?? "unknown",
            ["utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (device.IsCuda)
        {
            var handle = Nvml.Device(device.Index);
            described["name"] = Nvml.Name(handle);
            described["driver"] = Nvml.DriverVersion();
            described["cuda_driver"] = Nvml.CudaDriverVersion();
            var (libtorch, cuda) = PyTorchVersion(Environment.GetEnvironmentVariable(LibTorchRuntime.LibTorchFolderVariable));
            described["libtorch"] = libtorch;
            described["libtorch_cuda"] = cuda;
        }
        else
        {
            described["name"] = CpuModel();
            described["libtorch"] = BundledLibTorchVersion();
        }

        return described;
    }

    /// <summary>PyTorch's version file beside its lib folder (torch/version.py: __version__ and cuda).</summary>
    internal static (string Version, string? Cuda) PyTorchVersion(string? libFolder)
    {
        var file = libFolder is null ? null : Path.Combine(libFolder, "..", "version.py");
        if (file is null || !File.Exists(file))
        {
            return ("unknown (no torch/version.py beside " + (libFolder ?? "an unset " + LibTorchRuntime.LibTorchFolderVariable) + ")", null);
        }

        var text = File.ReadAllText(file);
        var version = VersionLine().Match(text);
        var cuda = CudaLine().Match(text);
        return (version.Success ? version.Groups[1].Value : "unknown", cuda.Success ? cuda.Groups[1].Value : null);
    }

    /// <summary>The libtorch package TorchSharp runs on the CPU, from this program's dependency file.</summary>
    private static string BundledLibTorchVersion()
    {
        var deps = Path.Combine(AppContext.BaseDirectory, Path.GetFileNameWithoutExtension(typeof(RunEnvironment).Assembly.Location) + ".deps.json");
        var match = File.Exists(deps) ? LibTorchPackage().Match(File.ReadAllText(deps)) : Match.Empty;
        return match.Success ? match.Groups[1].Value : "unknown";
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        var line = File.Exists(cpuInfo) ? File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? "unknown";
    }

    private static string? GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = AppContext.BaseDirectory,
            })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on the machine
        }
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString() ?? "unknown";

    [GeneratedRegex(@"^__version__\s*(?::\s*[^=]+)?=\s*['""]([^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^cuda\s*(?::\s*[^=]+)?=\s*['""]([^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex CudaLine();

    [GeneratedRegex(@"""libtorch-cpu-linux-x64/([0-9][^""]*)""")]
    private static partial Regex LibTorchPackage();
}
