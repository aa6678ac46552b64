using System.Collections.Concurrent;
using System.Threading.Channels;
using MemControl.Data.Augmentation;
using MemControl.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace MemControl.Data.Loading;

/// <summary>
/// Streams a dataset in batches while training runs: a background task decodes the next batches (images of one
/// batch in parallel) into a bounded channel, so only (prefetch + 1) batches are ever in memory and decoding
/// overlaps the training step. The order is a seeded permutation per epoch and caption transforms draw from a
/// seeded stream on the producer thread, so a run is reproducible whatever the thread timing.
/// An image that fails to decode is skipped and recorded in <see cref="Skipped"/> — never a crash mid-run.
/// </summary>
public sealed class BatchLoader
{
    private readonly IImageCaptionDataset dataset;
    private readonly ImagePreprocessor preprocessor;
    private readonly BatchLoaderOptions options;
    private readonly IReadOnlyList<ICaptionTransform> captionTransforms;
    private readonly ConcurrentQueue<SkippedImage> skipped = new();

    public BatchLoader(
        IImageCaptionDataset dataset,
        ImagePreprocessor preprocessor,
        BatchLoaderOptions options,
        IReadOnlyList<ICaptionTransform>? captionTransforms = null)
    {
        options.Validate();
        if (dataset.Items.Count == 0)
        {
            throw new InvalidDataException($"{dataset.Name}: the dataset has no items to load.");
        }

        this.dataset = dataset;
        this.preprocessor = preprocessor;
        this.options = options;
        this.captionTransforms = captionTransforms ?? [];
    }

    /// <summary>Every image skipped so far, over all epochs.</summary>
    public IReadOnlyCollection<SkippedImage> Skipped => skipped;

    public int BatchesPerEpoch =>
        options.DropLast ? dataset.Items.Count / options.BatchSize : (dataset.Items.Count + options.BatchSize - 1) / options.BatchSize;

    /// <summary>The item order of <paramref name="epoch"/>: a permutation seeded by (seed, epoch), or item order.</summary>
    public int[] EpochOrder(int epoch)
    {
        var order = Enumerable.Range(0, dataset.Items.Count).ToArray();
        if (options.Shuffle)
        {
            new Random(EpochSeed(epoch, stream: 1)).Shuffle(order);
        }

        return order;
    }

    /// <summary>The batches of one epoch. Stop early by leaving the loop: the background task is cancelled.</summary>
    public IEnumerable<TrainingBatch> Epoch(int epoch, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<PreparedBatch>(new BoundedChannelOptions(options.Prefetch)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var producer = Task.Run(() => ProduceAsync(epoch, channel.Writer, stop.Token), CancellationToken.None);
        try
        {
            while (channel.Reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
            {
                while (channel.Reader.TryRead(out var prepared))
                {
                    var count = prepared.Indices.Length;
                    var pixels = torch.tensor(prepared.Pixels, [count, preprocessor.Channels, preprocessor.Size, preprocessor.Size], ScalarType.Float32);
                    yield return new TrainingBatch(pixels, prepared.Captions, prepared.Indices);
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // The consumer left early; the producer stopped as asked.
            }
        }
    }

    private async Task ProduceAsync(int epoch, ChannelWriter<PreparedBatch> writer, CancellationToken cancellationToken)
    {
        try
        {
            var order = EpochOrder(epoch);
            var captionRandom = new Random(EpochSeed(epoch, stream: 2));
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                var indices = order[start..Math.Min(start + options.BatchSize, order.Length)];
                if (options.DropLast && indices.Length < options.BatchSize)
                {
                    break;
                }

                // Captions first, in order, on this thread: the random stream must not depend on decode timing.
                var captions = indices.Select(i => Transform(dataset.Items[i].Caption, captionRandom)).ToArray();
                var batch = Decode(epoch, indices, captions, cancellationToken);
                if (batch is not null)
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
            }

            writer.Complete();
        }
        catch (Exception e)
        {
            writer.Complete(e);
            throw;
        }
    }

    private PreparedBatch? Decode(int epoch, int[] indices, string[] captions, CancellationToken cancellationToken)
    {
        var values = preprocessor.ValuesPerImage;
        var pixels = new float[indices.Length * values];
        var decoded = new bool[indices.Length];
        Parallel.For(0, indices.Length, new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = cancellationToken }, slot =>
        {
            try
            {
                preprocessor.Prepare(dataset, indices[slot], pixels.AsSpan(slot * values, values));
                decoded[slot] = true;
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                var item = dataset.Items[indices[slot]];
                skipped.Enqueue(new SkippedImage(epoch, indices[slot], item.Origin, e.Message));
            }
        });

        var kept = Enumerable.Range(0, indices.Length).Where(slot => decoded[slot]).ToArray();
        if (kept.Length == 0)
        {
            return null;
        }

        if (kept.Length == indices.Length)
        {
            return new PreparedBatch(pixels, captions, indices);
        }

        var compact = new float[kept.Length * values];
        for (var k = 0; k < kept.Length; k++)
        {
            pixels.AsSpan(kept[k] * values, values).CopyTo(compact.AsSpan(k * values, values));
        }

        return new PreparedBatch(compact, kept.Select(s => captions[s]).ToArray(), kept.Select(s => indices[s]).ToArray());
    }

    private string Transform(string caption, Random random)
    {
        foreach (var transform in captionTransforms)
        {
            caption = transform.Apply(caption, random);
        }

        return caption;
    }

    // Distinct, reproducible streams per (seed, epoch, purpose); HashCode.Combine is randomised per process, so not that.
    private int EpochSeed(int epoch, int stream) => unchecked((options.Seed * 1_000_003) + (epoch * 7919) + (stream * 104_729));

    private sealed record PreparedBatch(float[] Pixels, string[] Captions, int[] Indices);
}
