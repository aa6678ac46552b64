using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace MemControl.Models.Runtime;

/// <summary>
/// Chooses libtorch's CPU convolution kernels before libtorch starts, per machine (docs/performance.md, "oneDNN ISA").
/// Why: on some AMD EPYC (AVX-512) CPUs oneDNN's JIT AVX2 and AVX-512 kernels return wrong float32 input gradients
/// for narrow convolutions (relative errors up to 0.9, sometimes NaN), which SSE4.1 kernels get right; on other CPUs
/// (an AVX-512 Intel Xeon) the full ISA is right and SSE4.1 only costs 1.35–1.73× training time. So a child process
/// with the full ISA runs <see cref="OneDnnIsaProbe"/> once per CPU model, flags and TorchSharp version, and the
/// verdict is cached (<see cref="IsaVerdictCache"/>). oneDNN reads <c>ONEDNN_MAX_CPU_ISA</c> once, with getenv, when
/// it creates its first kernel, so the probe cannot run in this process and the limit is set in the native
/// environment (.NET's Environment.SetEnvironmentVariable does not reach getenv). A value the user set always wins.
/// </summary>
public static class CpuKernels
{
    public const string IsaVariable = "ONEDNN_MAX_CPU_ISA";

    public const string SafeIsa = "SSE41";

    /// <summary>Set to 1 in the probe child: <see cref="UseSafeConvolutionKernels"/> then probes, prints and exits.</summary>
    public const string ProbeVariable = "MEMCONTROL_ONEDNN_PROBE";

    private const string ProbeLinePrefix = "onednn-probe ";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Call first thing in a process, before any TorchSharp call: limits oneDNN to SSE4.1 unless this machine's full
    /// ISA was shown to give right gradients. In a child started with <see cref="ProbeVariable"/> = 1 it runs the probe,
    /// writes one line to standard output and exits the process.
    /// </summary>
    public static void UseSafeConvolutionKernels()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(IsaVariable) is { Length: > 0 })
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(ProbeVariable) == "1")
        {
            RunProbeAndExit();
        }

        if (DecideForThisMachine() is IsaVerdict.Sse41)
        {
            LimitToSse41();
        }
    }

    /// <summary>Limits oneDNN to SSE4.1 whatever the machine (unless the user set a value); for tests and fallbacks.</summary>
    public static void LimitToSse41()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = SetEnvironment(IsaVariable, SafeIsa, overwrite: 0);

            // Also in .NET's own copy of the environment, which child processes (search and benchmark workers) are
            // started with: they must compute with the same kernels as this process, or rows run in workers would
            // differ from rows run here in the last digits (and FD amplifies those).
            if (Environment.GetEnvironmentVariable(IsaVariable) is not { Length: > 0 })
            {
                Environment.SetEnvironmentVariable(IsaVariable, SafeIsa);
            }
        }
    }

    /// <summary>The ISA for a probe result: the full ISA only when the probe ran and passed.</summary>
    public static IsaVerdict VerdictFor(IsaProbeResult? result) => result is { Passed: true } ? IsaVerdict.FullIsa : IsaVerdict.Sse41;

    /// <summary>The cached verdict for this machine, probing in a child process (and caching) when there is none.</summary>
    public static IsaVerdict DecideForThisMachine()
    {
        string key;
        try
        {
            key = IsaCacheKey.For(File.ReadAllText("/proc/cpuinfo"), TorchVersion());
        }
        catch (IOException)
        {
            return IsaVerdict.Sse41;
        }

        var cache = new IsaVerdictCache(IsaVerdictCache.DefaultDirectory());
        if (cache.Read(key) is { } cached)
        {
            return cached;
        }

        var result = ProbeInChildProcess();
        var verdict = VerdictFor(result);
        if (result is not null)
        {
            // Only a probe that ran is cached: a crash or time-out may be passing trouble, so the next process tries again.
            cache.Write(key, verdict);
        }

        return verdict;
    }

    /// <summary>Runs this program again with <see cref="ProbeVariable"/> = 1 and the full ISA; null when that failed.</summary>
    public static IsaProbeResult? ProbeInChildProcess()
    {
        var host = Environment.ProcessPath;
        var entry = Assembly.GetEntryAssembly()?.Location;
        if (host is null || string.IsNullOrEmpty(entry))
        {
            return null;
        }

        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(entry);
        }

        start.Environment[ProbeVariable] = "1";
        start.Environment.Remove(IsaVariable);
        try
        {
            using var child = Process.Start(start);
            if (child is null)
            {
                return null;
            }

            var output = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();
            if (!child.WaitForExit(ProbeTimeout))
            {
                child.Kill(entireProcessTree: true);
                return null;
            }

            return ParseProbeLine(output.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>Reads the child's line ("onednn-probe &lt;max relative error&gt; passed|failed"); null when absent.</summary>
    public static IsaProbeResult? ParseProbeLine(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ProbeLinePrefix, StringComparison.Ordinal));
        var parts = line?[ProbeLinePrefix.Length..].Split(' ');
        if (parts is not { Length: 2 } || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var error))
        {
            return null;
        }

        return parts[1] switch
        {
            "passed" => new IsaProbeResult(error, true),
            "failed" => new IsaProbeResult(error, false),
            _ => null,
        };
    }

    /// <summary>The probe line for <paramref name="result"/>, as <see cref="ParseProbeLine"/> reads it.</summary>
    public static string ProbeLine(IsaProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return $"{ProbeLinePrefix}{result.MaxRelativeError.ToString("R", CultureInfo.InvariantCulture)} {(result.Passed ? "passed" : "failed")}";
    }

    private static void RunProbeAndExit()
    {
        Console.Out.WriteLine(ProbeLine(OneDnnIsaProbe.Check()));
        Console.Out.Flush();
        Environment.Exit(0);
    }

    /// <summary>TorchSharp's version, which fixes the bundled libtorch (and so oneDNN).</summary>
    private static string TorchVersion() =>
        typeof(TorchSharp.torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown";

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
