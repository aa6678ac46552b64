using MemControl.Metrics.Features;
using MemControl.Tests.Metrics.Evaluation;
using MemControl.Tests.Models.Loading.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Tests.Metrics;

public sealed class FeatureFileCacheTests
{
    [Fact]
    public void Images_seen_before_are_read_from_the_folder_without_running_the_extractor_again()
    {
        using var folder = new TempFolder();
        using var images = Images(seed: 1);
        var first = new CountingExtractor();
        var expected = new FeatureFileCache(first, folder.Path).Extract(images);

        // A second cache on the same folder stands for another worker process.
        var second = new CountingExtractor();
        var cached = new FeatureFileCache(second, folder.Path).Extract(images);

        Assert.Equal(1, first.Calls);
        Assert.Equal(0, second.Calls);
        Assert.Equal(expected.Values, cached.Values);
        Assert.Equal((3, 16), (cached.Count, cached.Dimension));
    }

    [Fact]
    public void Different_images_are_extracted_and_kept_separately()
    {
        using var folder = new TempFolder();
        var inner = new CountingExtractor();
        var cache = new FeatureFileCache(inner, folder.Path);
        using var one = Images(seed: 1);
        using var other = Images(seed: 2);

        var fromOne = cache.Extract(one);
        var fromOther = cache.Extract(other);

        Assert.Equal(2, inner.Calls);
        Assert.NotEqual(fromOne.Values, fromOther.Values);
        Assert.Equal(2, Directory.GetFiles(folder.Path, "*.features").Length);
    }

    [Fact]
    public void A_truncated_entry_is_computed_again_and_replaced()
    {
        using var folder = new TempFolder();
        using var images = Images(seed: 3);
        var expected = new FeatureFileCache(new CountingExtractor(), folder.Path).Extract(images);
        var entry = Assert.Single(Directory.GetFiles(folder.Path, "*.features"));
        var bytes = File.ReadAllBytes(entry);
        File.WriteAllBytes(entry, bytes[..(bytes.Length / 2)]);

        var inner = new CountingExtractor();
        var features = new FeatureFileCache(inner, folder.Path).Extract(images);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(expected.Values, features.Values);
        Assert.Equal(bytes.Length, new FileInfo(entry).Length);
    }

    [Fact]
    public void Another_feature_space_does_not_read_the_entries_of_the_first()
    {
        using var folder = new TempFolder();
        using var images = Images(seed: 4);
        new FeatureFileCache(new CountingExtractor(), folder.Path).Extract(images);

        var other = new CountingExtractor { FeatureSpaceName = "Other" };
        new FeatureFileCache(other, folder.Path).Extract(images);

        Assert.Equal(1, other.Calls);
    }

    [Fact]
    public void A_folder_that_cannot_be_made_leaves_the_features_as_computed()
    {
        using var folder = new TempFolder();
        var blocked = folder.File("not-a-folder");
        File.WriteAllText(blocked, "a file where the cache folder would go");
        using var images = Images(seed: 5);
        var inner = new CountingExtractor();

        var features = new FeatureFileCache(inner, blocked).Extract(images);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(new PixelFeatures().Extract(images).Values, features.Values);
    }

    private static Tensor Images(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand([3, 1, 4, 4], generator: generator);
    }

    /// <summary>Pixel features that count how often they were asked for.</summary>
    private sealed class CountingExtractor : IImageFeatureExtractor
    {
        private readonly PixelFeatures pixels = new();

        public int Calls { get; private set; }

        public string FeatureSpaceName { get; init; } = "Pixels";

        public FeatureMatrix Extract(torch.Tensor images)
        {
            Calls++;
            return pixels.Extract(images);
        }
    }
}
