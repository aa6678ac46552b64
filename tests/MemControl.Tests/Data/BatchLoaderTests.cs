using MemControl.Data.Augmentation;
using MemControl.Data.Images;
using MemControl.Data.Loading;
using MemControl.Tests.Data.Support;

namespace MemControl.Tests.Data;

public sealed class BatchLoaderTests
{
    private static readonly ImagePreprocessor Preprocessor = new(4, 3);

    [Fact]
    public void An_epoch_yields_every_item_once_as_float_batches_in_minus_one_one()
    {
        // Given
        var dataset = new CountingDataset(10);
        var loader = new BatchLoader(dataset, Preprocessor, new BatchLoaderOptions { BatchSize = 4, Seed = 1, Workers = 2 });

        // When
        var batches = loader.Epoch(0, TestContext.Current.CancellationToken).ToList();

        // Then
        Assert.Equal([4, 4, 2], batches.Select(b => b.Count));
        Assert.Equal([4L, 3, 4, 4], batches[0].Pixels.shape);
        Assert.Equal(Enumerable.Range(0, 10), batches.SelectMany(b => b.Indices).Order());
        var first = batches[0];
        Assert.Equal((2f * first.Indices[1] / 10f) - 1f, first.Pixels[1, 2, 3, 3].item<float>(), 5);
        batches.ForEach(b => b.Dispose());
    }

    [Fact]
    public void The_order_is_fixed_by_the_seed_and_reshuffled_every_epoch()
    {
        // Given
        var dataset = new CountingDataset(40);
        var options = new BatchLoaderOptions { BatchSize = 8, Seed = 3 };

        // When
        var runA = new BatchLoader(dataset, Preprocessor, options);
        var runB = new BatchLoader(dataset, Preprocessor, options);
        var other = new BatchLoader(dataset, Preprocessor, options with { Seed = 4 });

        // Then
        Assert.Equal(runA.EpochOrder(0), runB.EpochOrder(0));
        Assert.NotEqual(runA.EpochOrder(0), runA.EpochOrder(1));
        Assert.NotEqual(runA.EpochOrder(0), other.EpochOrder(0));
        Assert.Equal(Enumerable.Range(0, 40), new BatchLoader(dataset, Preprocessor, options with { Shuffle = false }).EpochOrder(5));
        Assert.Equal(runA.EpochOrder(2), runA.Epoch(2, TestContext.Current.CancellationToken).SelectMany(b => { b.Dispose(); return b.Indices; }));
    }

    [Fact]
    public void Caption_transforms_are_reproducible_whatever_the_thread_count()
    {
        // Given
        var dataset = new CountingDataset(64);
        ICaptionTransform[] transforms = [new RandomWordAddition(["alpha", "beta", "gamma"], 2, 0.5), new CaptionDropout(0.2)];
        List<string> Captions(int workers) => new BatchLoader(dataset, Preprocessor, new BatchLoaderOptions { BatchSize = 5, Seed = 9, Workers = workers }, transforms)
            .Epoch(0, TestContext.Current.CancellationToken).SelectMany(b => { b.Dispose(); return b.Captions; }).ToList();

        // When
        var single = Captions(1);
        var parallel = Captions(4);

        // Then
        Assert.Equal(single, parallel);
        Assert.Contains(single, c => c.Length == 0);
        Assert.Contains(single, c => c.Contains("alpha", StringComparison.Ordinal) || c.Contains("beta", StringComparison.Ordinal) || c.Contains("gamma", StringComparison.Ordinal));
    }

    [Fact]
    public void An_image_that_fails_to_decode_is_skipped_and_counted_not_fatal()
    {
        // Given
        var dataset = new CountingDataset(12, broken: [3, 7]);
        var loader = new BatchLoader(dataset, Preprocessor, new BatchLoaderOptions { BatchSize = 4, Shuffle = false });

        // When
        var indices = loader.Epoch(0, TestContext.Current.CancellationToken).SelectMany(b => { b.Dispose(); return b.Indices; }).ToList();

        // Then
        Assert.Equal(10, indices.Count);
        Assert.DoesNotContain(3, indices);
        Assert.Equal([3, 7], loader.Skipped.Select(s => s.Index).Order());
        Assert.All(loader.Skipped, s => Assert.Contains("truncated", s.Reason));
    }

    [Fact]
    public void Prefetching_is_bounded_so_a_large_dataset_is_never_loaded_at_once()
    {
        // Given
        var dataset = new CountingDataset(10_000);
        var loader = new BatchLoader(dataset, Preprocessor, new BatchLoaderOptions { BatchSize = 10, Prefetch = 2, Workers = 1 });

        // When: take one batch, give the producer time to run ahead, then stop
        using (var enumerator = loader.Epoch(0, TestContext.Current.CancellationToken).GetEnumerator())
        {
            Assert.True(enumerator.MoveNext());
            enumerator.Current.Dispose();
            Thread.Sleep(300);

            // Then: at most the batch in hand, the channel's 2 and one being decoded
            Assert.InRange(dataset.Loads, 10, 10 * (1 + 2 + 1));
        }
    }
}
