using MemControl.Data;
using MemControl.Data.Manifests;
using MemControl.Data.Phantoms;
using MemControl.Models.Pipelines;
using MemControl.Peft;
using MemControl.Peft.Adapters;
using MemControl.Peft.Lora;
using MemControl.Tests.Cli.Train;
using MemControl.Tests.Support;
using MemControl.Training;
using MemControl.Training.Caching;

namespace MemControl.Tests.Training;

/// <summary>
/// The latent cache (docs/scale.md, "Latent cache"): a cached run trains as an uncached one, the file is reused, a
/// changed manifest or model gets another key, a damaged file is rebuilt, and a pixel-space model is refused.
/// </summary>
public sealed class LatentCacheTests : IDisposable
{
    // Three steps of two images, so the second and third reuse what the first step's batch did not encode.
    private static readonly FineTuneOptions ThreeSteps = new() { Steps = 3, BatchSize = 2, LearningRate = 1e-3, Seed = 5 };

    private readonly string root = Path.Combine(Path.GetTempPath(), $"memcontrol-latent-cache-{Guid.NewGuid():N}");
    private readonly ParityPipelineFolder pipeline = ParityPipelineFolder.Create();

    /// <summary>Relative difference a batched vs one-by-one VAE encode leaves in a loss (float32 rounding, machine-dependent).</summary>
    private const double RoundingBound = 1e-4;

    private string Cache => Path.Combine(root, "cache");

    private string Manifest() =>
        PhantomWriter.Write(PhantomDataset.Create(new PhantomOptions { Count = 6, Subjects = 3, Seed = 3 }), Path.Combine(root, "data"), 16);

    [Fact]
    public void A_cached_run_has_the_loss_trajectory_of_an_uncached_one_and_a_second_run_reuses_the_file()
    {
        // Given
        var manifest = Manifest();
        var plain = Losses(manifest, null);

        // When
        var built = Losses(manifest, Cache);
        var file = Assert.Single(Directory.GetFiles(Cache));
        var written = File.GetLastWriteTimeUtc(file);
        var reused = Losses(manifest, Cache);

        // Then: equal to float rounding (the cache encodes the images in other batches than the steps do; the losses
        // moved by up to 1.3e-5 relative on one CI machine and less on another, so the bound is 1e-4)
        for (var i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain[i], built[i], RoundingBound * Math.Abs(plain[i]));
            Assert.Equal(built[i], reused[i], 1e-9 * Math.Abs(plain[i]));
        }

        Assert.Equal(written, File.GetLastWriteTimeUtc(Assert.Single(Directory.GetFiles(Cache))));
    }

    [Fact]
    public void A_changed_caption_in_the_manifest_makes_another_cache_file_whose_run_trains_on_the_new_caption()
    {
        // Given: a cache of the manifest, then one caption edited
        var manifest = Manifest();
        Losses(manifest, Cache);
        var text = File.ReadAllText(manifest);
        var caption = ManifestDataset.Open(manifest).Items[0].Caption;
        File.WriteAllText(manifest, text.Replace(caption, "a different report entirely", StringComparison.Ordinal));

        // When
        var cached = Losses(manifest, Cache);
        var plain = Losses(manifest, null);

        // Then
        Assert.Equal(2, Directory.GetFiles(Cache).Length);
        for (var i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain[i], cached[i], RoundingBound * Math.Abs(plain[i]));
        }
    }

    [Fact]
    public void The_key_changes_with_the_VAE_weights_file_the_text_encoder_file_and_the_resolution()
    {
        // Given
        using var model = StableDiffusion.Load(pipeline.Path);
        var manifest = Manifest();
        var data = ManifestDataset.Open(manifest);
        var key = LatentCacheKey.Of(model, data, 16);
        var same = LatentCacheKey.Of(model, ManifestDataset.Open(manifest), 16); // read again: the same key

        // When: the weight files are replaced (a newer write time stands for new contents)
        var vae = Directory.GetFiles(Path.Combine(pipeline.Path, "vae"), "*.safetensors").Single();
        File.SetLastWriteTimeUtc(vae, File.GetLastWriteTimeUtc(vae).AddMinutes(1));
        var afterVae = LatentCacheKey.Of(model, data, 16);
        var encoder = Directory.GetFiles(Path.Combine(pipeline.Path, "text_encoder"), "*.safetensors").Single();
        File.SetLastWriteTimeUtc(encoder, File.GetLastWriteTimeUtc(encoder).AddMinutes(1));
        var afterEncoder = LatentCacheKey.Of(model, data, 16);

        // Then
        Assert.Equal(key, same);
        Assert.NotEqual(key, afterVae);
        Assert.NotEqual(afterVae, afterEncoder);
        Assert.NotEqual(afterEncoder, LatentCacheKey.Of(model, data, 24));
    }

    [Fact]
    public void A_damaged_cache_file_is_rebuilt_and_the_run_trains_as_without_it()
    {
        // Given: a cache file cut short
        var manifest = Manifest();
        var plain = Losses(manifest, null);
        Losses(manifest, Cache);
        var file = Assert.Single(Directory.GetFiles(Cache));
        var length = new FileInfo(file).Length;
        using (var stream = File.Open(file, FileMode.Open))
        {
            stream.SetLength(length / 2);
        }

        // When
        var rebuilt = Losses(manifest, Cache);

        // Then
        Assert.Equal(length, new FileInfo(file).Length);
        for (var i = 0; i < plain.Count; i++)
        {
            Assert.Equal(plain[i], rebuilt[i], RoundingBound * Math.Abs(plain[i]));
        }
    }

    [Fact]
    public void Train_with_cache_latents_on_the_pixel_space_builtin_model_says_in_one_line_that_it_does_not_apply()
    {
        // When
        var (exitCode, printed) = TrainRun.Cli("train", "--model", "builtin", "--data", "phantoms", "--phantoms", "4", "--method", "difffit",
            "--steps", "1", "--batch", "2", "--cache-latents", "--out", Path.Combine(root, "builtin"));

        // Then
        Assert.Equal(2, exitCode);
        Assert.Contains("--cache-latents: does not apply to this model: it has no VAE (pixel space)", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", printed, StringComparison.Ordinal);
    }

    private List<double> Losses(string manifest, string? cache)
    {
        using var model = StableDiffusion.Load(pipeline.Path);
        var adapter = AdapterSet.Attach(model.Unet, new LoraConfig { Rank = 2 }, new PeftContext("parity"));
        IImageCaptionDataset data = ManifestDataset.Open(manifest);
        var result = new FineTuner(model, adapter, ThreeSteps with { LatentCache = cache }).Run(data, cancellationToken: TestContext.Current.CancellationToken);
        return result.Losses.ToList();
    }

    public void Dispose()
    {
        pipeline.Dispose();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
