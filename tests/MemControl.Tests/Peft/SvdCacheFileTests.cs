using MemControl.Peft.SvDiff;
using static TorchSharp.torch;

namespace MemControl.Tests.Peft;

/// <summary>The SVD cache on disk (search and benchmark keep one per run): one file per base model and factor precision.</summary>
public sealed class SvdCacheFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("svd-cache-file-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_second_cache_on_the_same_folder_reads_the_saved_factors_instead_of_decomposing_again()
    {
        // Given: one weight decomposed and saved
        using var scope = NewDisposeScope();
        var weight = randn(24, 16, generator: new Generator(3));
        var first = new SvdCache(folder);
        var computed = first.GetOrCompute("model", "layer", weight);
        first.Save();

        // When
        var second = new SvdCache(folder);
        var read = second.GetOrCompute("model", "layer", weight);

        // Then: nothing computed, the same factors bit for bit
        Assert.Equal(0, second.ComputedCount);
        Assert.True(read.U.eq(computed.U).all().item<bool>());
        Assert.True(read.Vh.eq(computed.Vh).all().item<bool>());
        Assert.True(read.S.eq(computed.S).all().item<bool>());
    }

    [Fact]
    public void Bf16_factors_are_kept_in_their_own_file_so_a_float32_run_never_reads_them()
    {
        // Given: the bf16 factors of a weight saved in the folder
        using var scope = NewDisposeScope();
        var weight = randn(24, 16, generator: new Generator(4));
        var half = new SvdCache(folder, ScalarType.BFloat16);
        half.GetOrCompute("model", "layer", weight);
        half.Save();

        // When: a float32 cache on the same folder asks for the same weight
        var full = new SvdCache(folder);
        var factors = full.GetOrCompute("model", "layer", weight);

        // Then: it decomposes in float32 and writes a second file
        Assert.Equal(1, full.ComputedCount);
        Assert.Equal(ScalarType.Float32, factors.U.dtype);
        full.Save();
        Assert.Equal(["svd-model-bfloat16.safetensors", "svd-model.safetensors"],
            Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }
}
