using MemControl.Models.Runtime;

namespace MemControl.Tests.Models.Runtime;

/// <summary>The per-machine oneDNN ISA choice (docs/performance.md, "oneDNN ISA"): probe, verdict, cache key, cache.</summary>
public sealed class OneDnnIsaChoiceTests
{
    private const string CpuInfo = "processor\t: 0\nmodel name\t: AMD EPYC 9654 96-Core Processor\nflags\t\t: fpu sse4_1 avx2 avx512f\n";

    [Fact]
    public void The_probe_finds_narrow_convolution_gradients_equal_to_float64_under_this_process_isa()
    {
        var result = OneDnnIsaProbe.Check();

        Assert.True(result.Passed, $"max relative error {result.MaxRelativeError}");
        Assert.InRange(result.MaxRelativeError, 0.0, OneDnnIsaProbe.Tolerance);
    }

    [Fact]
    public void Only_a_probe_that_ran_and_passed_lifts_the_limit()
    {
        Assert.Equal(IsaVerdict.FullIsa, CpuKernels.VerdictFor(new IsaProbeResult(3e-6, true)));
        Assert.Equal(IsaVerdict.Sse41, CpuKernels.VerdictFor(new IsaProbeResult(0.9, false)));
        Assert.Equal(IsaVerdict.Sse41, CpuKernels.VerdictFor(null));
    }

    [Fact]
    public void The_probe_line_reads_back_as_the_result_it_was_written_from()
    {
        var result = new IsaProbeResult(3.6e-6, true);

        var parsed = CpuKernels.ParseProbeLine("libtorch noise\n" + CpuKernels.ProbeLine(result) + "\n");

        Assert.Equal(result, parsed);
        Assert.Null(CpuKernels.ParseProbeLine("Segmentation fault"));
    }

    [Fact]
    public void The_cache_key_is_a_file_name_that_changes_with_the_cpu_flags_and_the_torch_version()
    {
        var key = IsaCacheKey.For(CpuInfo, "0.107.0");

        Assert.Equal(key, IsaCacheKey.For(CpuInfo, "0.107.0"));
        Assert.StartsWith("AMD-EPYC-9654-96-Core-Processor-", key);
        Assert.DoesNotContain(key, c => !char.IsAsciiLetterOrDigit(c) && c != '-');
        Assert.NotEqual(key, IsaCacheKey.For(CpuInfo.Replace(" avx512f", ""), "0.107.0"));
        Assert.NotEqual(key, IsaCacheKey.For(CpuInfo, "0.108.0"));
    }

    [Fact]
    public void A_cached_verdict_is_read_back_and_a_damaged_file_counts_as_none()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"memcontrol-isa-{Guid.NewGuid():N}");
        try
        {
            var cache = new IsaVerdictCache(directory);
            Assert.Null(cache.Read("cpu-a"));

            Assert.True(cache.Write("cpu-a", IsaVerdict.FullIsa));
            Assert.True(cache.Write("cpu-b", IsaVerdict.Sse41));
            File.WriteAllText(Path.Combine(directory, "onednn-isa-cpu-c.txt"), "42");

            Assert.Equal(IsaVerdict.FullIsa, cache.Read("cpu-a"));
            Assert.Equal(IsaVerdict.Sse41, cache.Read("cpu-b"));
            Assert.Null(cache.Read("cpu-c"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
