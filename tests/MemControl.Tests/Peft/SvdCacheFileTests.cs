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

    [Fact]
    public void Saved_factors_of_another_weight_under_the_same_identity_are_decomposed_afresh()
    {
        // Given: factors saved for one weight; the identity names an architecture, so a fine-tune of the same model shares it
        using var scope = NewDisposeScope();
        var first = new SvdCache(folder);
        first.GetOrCompute("model", "layer", randn(24, 16, generator: new Generator(5)));
        first.Save();
        var other = randn(24, 16, generator: new Generator(6));

        // When
        var second = new SvdCache(folder);
        var factors = second.GetOrCompute("model", "layer", other);

        // Then: decomposed again, and the factors are the new weight's
        Assert.Equal(1, second.ComputedCount);
        var rebuilt = factors.U.matmul(diag(factors.S)).matmul(factors.Vh);
        Assert.True(rebuilt.allclose(other, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void A_file_written_before_fingerprints_is_decomposed_afresh_and_saving_again_keeps_only_checked_entries()
    {
        // Given: a cache file with U, S and Vh of two layers but no .check keys (the layout before fingerprints)
        using var scope = NewDisposeScope();
        var weight = randn(24, 16, generator: new Generator(7));
        var (u, s, vh) = linalg.svd(weight, fullMatrices: false);
        var file = Path.Combine(folder, "svd-model.safetensors");
        MemControl.Models.Loading.SafetensorsWriter.Write(file, new Dictionary<string, Tensor>
        {
            ["layer.U"] = u, ["layer.S"] = s, ["layer.Vh"] = vh,
            ["unused.U"] = u, ["unused.S"] = s, ["unused.Vh"] = vh,
        });

        // When
        var cache = new SvdCache(folder);
        cache.GetOrCompute("model", "layer", weight);
        cache.Save();

        // Then: decomposed (the file could not vouch for the weight), and the rewritten file holds the checked entry only
        Assert.Equal(1, cache.ComputedCount);
        var keys = MemControl.Models.Loading.SafetensorsFile.ReadAll(file).Keys.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["layer.S", "layer.U", "layer.Vh", "layer.check"], keys);
    }

    [Fact]
    public void A_damaged_cache_file_is_decomposed_afresh_and_replaced()
    {
        // Given: a cache file cut short (a full disk, a killed copy)
        using var scope = NewDisposeScope();
        var file = Path.Combine(folder, "svd-model.safetensors");
        File.WriteAllBytes(file, [1, 2, 3]);
        var weight = randn(24, 16, generator: new Generator(8));

        // When
        var cache = new SvdCache(folder);
        cache.GetOrCompute("model", "layer", weight);
        cache.Save();

        // Then: it is only a cache: decomposed, and the file is whole again
        Assert.Equal(1, cache.ComputedCount);
        var again = new SvdCache(folder);
        again.GetOrCompute("model", "layer", weight);
        Assert.Equal(0, again.ComputedCount);
    }
}
